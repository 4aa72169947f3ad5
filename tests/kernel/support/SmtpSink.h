#pragma once
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace atrium::test {

/// tests/support/smtp_sink.py as a child process (Debian's python3 with python3-aiosmtpd,
/// not a python from PATH): a real SMTP server on loopback whose
/// accepted messages are files.
class SmtpSink {
public:
  explicit SmtpSink(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
    handle_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch("/usr/bin/python3", {std::string(ATRIUM_SOURCE_DIR) + "/tests/support/smtp_sink.py", dir_.string()}, nullptr, &out_, nullptr));
    Poco::PipeInputStream in(out_);
    std::string word;
    in >> word >> port_;
    if (word != "PORT" || port_ <= 0) throw std::runtime_error("the SMTP sink did not start (is python3-aiosmtpd installed?)");
  }
  ~SmtpSink() {
    Poco::Process::requestTermination(handle_->id());
    handle_->wait();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored); // the messages received: the test is over
  }
  int port() const { return port_; }
  std::vector<std::string> messages() const {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir_))
      if (e.path().extension() == ".eml") files.push_back(e.path());
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return std::stoi(a.stem().string()) < std::stoi(b.stem().string()); });
    std::vector<std::string> out;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      out.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    return out;
  }
  void failing(bool on) {
    if (on) std::ofstream(dir_ / "fail") << "1";
    else std::filesystem::remove(dir_ / "fail");
  }

private:
  std::filesystem::path dir_;
  Poco::Pipe out_;
  std::unique_ptr<Poco::ProcessHandle> handle_;
  int port_ = 0;
};

} // namespace atrium::test
