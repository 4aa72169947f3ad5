#include "app/Daemon.h"
#include "core/CommandLine.h"
#include "core/Version.h"

#include <iostream>

int main(int argc, char** argv) {
  atrium::core::CommandLine commandLine;
  try {
    commandLine = atrium::core::CommandLine::parse(argc, argv);
  } catch (const atrium::core::ConfigError& e) {
    std::cerr << "atriumd: " << e.what() << "\n";
    return 2;
  }
  if (commandLine.version) {
    std::cout << "atriumd " << atrium::core::version() << "\n";
    return 0;
  }
  if (commandLine.help) {
    std::cout << "usage: atriumd [--config FILE] [--set key=value]... [--port N] [--data-dir DIR]\n"
                 "Serves Atrium over HTTP until SIGTERM or SIGINT. Configuration keys: docs/admin.md.\n";
    return 0;
  }
  atrium::app::Daemon daemon(std::move(commandLine));
  char* programOnly[] = {argv[0], nullptr}; // our options are parsed above, not by Poco
  return daemon.run(1, programOnly);
}
