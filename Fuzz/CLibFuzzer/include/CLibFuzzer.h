#ifndef CLIBFUZZER_H
#define CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, for a program that keeps its own `main` (compiler-rt's FuzzerInterface.h).
/// It is defined only when the program is linked with `-sanitize=fuzzer`: `FuzzSupport` calls it
/// only when compiled with `-DFUZZING`, which scripts/fuzz passes together with the sanitizer.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
