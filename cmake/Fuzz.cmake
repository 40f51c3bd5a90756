# Fuzz.cmake: KGRAPH_FUZZ=ON builds the libFuzzer harnesses in tests/fuzz (clang only).
# libkgraph and the harnesses are compiled with coverage for libFuzzer
# (-fsanitize=fuzzer-no-link), AddressSanitizer and UBSan; only the harness executables
# link libFuzzer's main (-fsanitize=fuzzer). Debian 12: packages clang and
# libclang-rt-14-dev (the fuzzer runtime). scripts/fuzz configures and runs this build.
option(KGRAPH_FUZZ "Build the libFuzzer harnesses (needs clang)" OFF)
if(KGRAPH_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "KGRAPH_FUZZ needs clang: configure with CC=clang")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined -g)
  add_link_options(-fsanitize=address,undefined)
endif()
