#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace atrium::jobs {

/// Runs `work` on its own thread every `period` until stopped: the background workers of
/// atriumd (webhook delivery, later notifications and scheduled jobs). An exception from
/// `work` is logged and the next tick runs as usual. stop() wakes the thread at once and
/// waits for the current run to finish.
class Ticker {
public:
  Ticker(std::string name, std::chrono::milliseconds period, std::function<void()> work);
  ~Ticker();
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;

  void stop();

private:
  void run();

  std::string name_;
  std::chrono::milliseconds period_;
  std::function<void()> work_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace atrium::jobs
