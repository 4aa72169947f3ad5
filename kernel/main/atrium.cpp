#include "cli/Cli.h"

#include <iostream>

int main(int argc, char** argv) { return atrium::cli::run(argc, argv, std::cin, std::cout, std::cerr); }
