// The ABI layout pins (AbiLayoutPins.h) as a C++ compiler sees the headers. Compiling is
// the test.
#include "AbiLayoutPins.h"

int main() { return 0; }
