# KgraphExports.cmake: libkgraph.so exports the functions marked KG_API and nothing else.
#
# kgraph_library_exports(OBJECTS SHARED) compiles the OBJECTS target with
# -fvisibility=hidden and KGRAPH_BUILDING_LIBRARY, under which KG_API
# (include/kgraph/common.h) is visibility("default"): the public declarations in
# include/kgraph/*.h carry it, internal functions do not, so the compiler alone decides what
# the SHARED library exports. A linker version script only names the version node
# (KGRAPH_<major>, as before) and selects nothing. tests/cli/exports.sh checks the result.
function(kgraph_library_exports objects shared)
  set_target_properties(${objects} PROPERTIES C_VISIBILITY_PRESET hidden)
  target_compile_definitions(${objects} PRIVATE KGRAPH_BUILDING_LIBRARY)
  set(_map "${CMAKE_CURRENT_BINARY_DIR}/libkgraph.map")
  file(CONFIGURE OUTPUT "${_map}"
    CONTENT "/* the version node of libkgraph.so; KG_API decides what is exported */\nKGRAPH_${PROJECT_VERSION_MAJOR} {\n  global:\n    *;\n};\n")
  target_link_options(${shared} PRIVATE "LINKER:--version-script=${_map}")
  # every symbol resolved at link time, except in sanitizer builds: clang leaves the
  # sanitizer runtime to the executable
  if(NOT KGRAPH_SANITIZE AND NOT KGRAPH_FUZZ)
    target_link_options(${shared} PRIVATE "LINKER:--no-undefined")
  endif()
  set_property(TARGET ${shared} APPEND PROPERTY LINK_DEPENDS "${_map}")
endfunction()
