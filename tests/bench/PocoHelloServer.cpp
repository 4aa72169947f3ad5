// Poco's minimal HTTP server answering a fixed JSON body: the framework's ceiling on this
// machine, built and sized like atriumd (same thread count, keep-alive on), for
// comparison with atriumd's /healthz in tests/bench/run.sh.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>

namespace {

class Hello final : public Poco::Net::HTTPRequestHandler {
public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override {
    static const std::string body = R"({"status":"ok"})";
    response.setContentType("application/json");
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    response.sendBuffer(body.data(), body.size());
  }
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Hello; }
};

class App final : public Poco::Util::ServerApplication {
  int main(const std::vector<std::string>& args) override {
    Poco::UInt16 port = args.empty() ? 8181 : static_cast<Poco::UInt16>(std::stoi(args[0]));
    Poco::ThreadPool pool("hello", 2, 128, 60);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(128);
    params->setMaxQueued(512);
    params->setKeepAlive(true);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port), 512);
    Poco::Net::HTTPServer server(new Factory, pool, socket, params);
    server.start();
    std::cout << "listening on " << port << std::endl;
    waitForTerminationRequest();
    server.stopAll(true);
    return 0;
  }
};

} // namespace

int main(int argc, char** argv) {
  App app;
  return app.run(argc, argv);
}
