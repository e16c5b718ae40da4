#ifndef ROTA_C_FUZZER_DRIVER_H
#define ROTA_C_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (in libclang_rt.fuzzer, linked by `-sanitize=fuzzer`). The harnesses call
/// it from their own `main` because SwiftPM gives every executable a `main` of its own, so the one
/// libFuzzer ships is never used.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
