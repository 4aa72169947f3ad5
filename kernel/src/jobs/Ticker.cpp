#include "jobs/Ticker.h"

#include "core/Log.h"

namespace atrium::jobs {

Ticker::Ticker(std::string name, std::chrono::milliseconds period, std::function<void()> work)
    : name_(std::move(name)), period_(period), work_(std::move(work)), thread_([this] { run(); }) {}

Ticker::~Ticker() { stop(); }

void Ticker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Ticker::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      work_();
    } catch (const std::exception& e) {
      core::Log::error("worker.failed", {{"worker", std::string_view(name_)}, {"error", std::string_view(e.what())}});
    }
    lock.lock();
    wake_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

} // namespace atrium::jobs
