# Warnings.cmake: the warning flags every kgraph target is compiled with.
# KGRAPH_WERROR (ON in CI) turns them into errors.
option(KGRAPH_WERROR "Treat compiler warnings as errors" OFF)

set(KGRAPH_WARNING_FLAGS
  -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
  -Wpointer-arith -Wcast-qual -Wwrite-strings -Wformat=2 -Wundef
  -Wvla -Wnull-dereference -Wdouble-promotion -Wno-unused-parameter)
if(KGRAPH_WERROR)
  list(APPEND KGRAPH_WARNING_FLAGS -Werror)
endif()

function(kgraph_set_warnings target)
  target_compile_options(${target} PRIVATE ${KGRAPH_WARNING_FLAGS})
endfunction()
