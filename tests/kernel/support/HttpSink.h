#pragma once
// An HTTP receiver on loopback that records every request: webhook and SMS gateway tests.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace atrium::test {

struct Received {
  std::string event, signature, timestamp, body, authorization;
};

/// Records every request; answers with `status`.
class HttpSink {
public:
  HttpSink() : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket_, new Poco::Net::HTTPServerParams);
    server_->start();
  }
  ~HttpSink() { server_->stop(); }
  std::string url(const std::string& path = "/hooks/atrium") const {
    return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + path;
  }
  std::vector<Received> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }
  std::atomic<int> status{200};

private:
  struct Handler : Poco::Net::HTTPRequestHandler {
    HttpSink& sink;
    explicit Handler(HttpSink& s) : sink(s) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
      std::ostringstream body;
      Poco::StreamCopier::copyStream(req.stream(), body);
      {
        std::lock_guard lock(sink.mutex_);
        sink.received_.push_back({req.get("X-Atrium-Event", ""), req.get("X-Atrium-Signature", ""), req.get("X-Atrium-Timestamp", ""),
                                  body.str(), req.get("Authorization", "")});
      }
      resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(sink.status.load()));
      resp.send() << "ok";
    }
  };
  struct Factory : Poco::Net::HTTPRequestHandlerFactory {
    HttpSink& sink;
    explicit Factory(HttpSink& s) : sink(s) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Handler(sink); }
  };
  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::mutex mutex_;
  std::vector<Received> received_;
};

} // namespace atrium::test
