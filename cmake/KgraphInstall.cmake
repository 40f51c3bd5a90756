# KgraphInstall.cmake: what `cmake --install` puts where, and the .deb CPack builds.
#
#   bin/kgraph                                  the CLI (libkgraph linked in statically)
#   lib*/libkgraph.so.MAJOR.MINOR.PATCH, .so.MAJOR, .so, libkgraph.a
#   include/kgraph.h, include/kgraph/*.h        the public headers (kgraph/version.h generated)
#   lib*/pkgconfig/kgraph.pc                    pkg-config (relocatable: ${pcfiledir})
#   lib*/cmake/kgraph/                          find_package(kgraph): kgraph::kgraph (shared),
#                                               kgraph::kgraph_static, version file
#   share/man/man1/kgraph.1                     the man page (src/cli/kgraph.1)
#   share/bash-completion/completions/kgraph    bash completion (src/cli/kgraph.bash)
#   share/doc/kgraph/README.md
# tests/cli/install.sh checks an installed tree holds all of it.
include(CMakePackageConfigHelpers)

set(KGRAPH_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/kgraph")

install(TARGETS kgraph RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(TARGETS kgraph_shared kgraph_static EXPORT kgraphTargets
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" NAMELINK_COMPONENT Unspecified
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(FILES include/kgraph.h DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(DIRECTORY include/kgraph DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" FILES_MATCHING PATTERN "*.h")
install(FILES "${PROJECT_BINARY_DIR}/include/kgraph/version.h" # generated (src/CMakeLists.txt)
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/kgraph")

# CMake package
install(EXPORT kgraphTargets NAMESPACE kgraph:: FILE kgraphTargets.cmake
  DESTINATION "${KGRAPH_CMAKE_DIR}")
configure_package_config_file(cmake/pkg/kgraphConfig.cmake.in
  "${PROJECT_BINARY_DIR}/pkg/kgraphConfig.cmake" INSTALL_DESTINATION "${KGRAPH_CMAKE_DIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/pkg/kgraphConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion) # 0.x: minor releases may break
install(FILES "${PROJECT_BINARY_DIR}/pkg/kgraphConfig.cmake"
  "${PROJECT_BINARY_DIR}/pkg/kgraphConfigVersion.cmake" cmake/FindLibCSV.cmake
  DESTINATION "${KGRAPH_CMAKE_DIR}")

# pkg-config: paths relative to the .pc file, so the tree can be moved (and packaged)
file(RELATIVE_PATH KGRAPH_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" KGRAPH_PC_TO_PREFIX "${KGRAPH_PC_TO_PREFIX}")
set(KGRAPH_PC_LIBS_PRIVATE "-L${_gv_plugin_dirs} -Wl,-rpath,${_gv_plugin_dirs} -lgvplugin_core -lgvplugin_dot_layout -lgvplugin_neato_layout -lgvplugin_pango -lcsv -pthread -lm")
configure_file(cmake/pkg/kgraph.pc.in "${PROJECT_BINARY_DIR}/pkg/kgraph.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/pkg/kgraph.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")

# documentation
install(FILES src/cli/kgraph.1 DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES src/cli/kgraph.bash RENAME kgraph
  DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions")
install(FILES README.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# CPack: `cpack -G DEB` in a build tree configured with -DCMAKE_INSTALL_PREFIX=/usr
# (scripts/package does that). Dependencies are computed by dpkg-shlibdeps from the
# binaries (libgvc6, libcgraph6, libcsv3, libc6, ...).
set(CPACK_PACKAGE_NAME kgraph)
set(CPACK_PACKAGE_VENDOR kgraph)
set(CPACK_PACKAGE_CONTACT "kgraph <kgraph@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # kgraph_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "kgraph loads a relation set kept in CSV (entities, relations citing
documents and quotes, sources), validates it and renders diagrams through
Graphviz, diffs versions and exports GraphML, JSON and Neo4j import files.
This package holds the kgraph tool, libkgraph (shared and static), its
headers, pkg-config and CMake files, the man page and bash completion.")
# building against libkgraph needs Graphviz's and libcsv's headers and pkg-config files
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libgraphviz-dev, libcsv-dev, pkg-config")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/kgraph")
set(CPACK_STRIP_FILES OFF)
set(CPACK_GENERATOR DEB)
include(CPack)
