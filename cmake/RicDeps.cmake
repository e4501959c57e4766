# All third-party libraries come from Debian packages (scripts/install-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(OpenMP REQUIRED COMPONENTS C)
find_package(GSL REQUIRED)
set(HDF5_PREFER_PARALLEL OFF)
find_package(HDF5 REQUIRED COMPONENTS C HL)
# zlib (zlib1g-dev, an HDF5 dependency): damaged compressed chunks are checked
# before HDF5 reads them (output/ric_h5io.c).
find_package(ZLIB REQUIRED)
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)
pkg_check_modules(IGRAPH REQUIRED IMPORTED_TARGET igraph)
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)

add_library(ric_deps INTERFACE)
target_include_directories(ric_deps INTERFACE ${HDF5_INCLUDE_DIRS} ${RANDOM123_INCLUDE_DIR})
target_compile_definitions(ric_deps INTERFACE ${HDF5_DEFINITIONS} _POSIX_C_SOURCE=200809L)
target_link_libraries(ric_deps INTERFACE OpenMP::OpenMP_C GSL::gsl ${HDF5_C_LIBRARIES}
  ${HDF5_HL_LIBRARIES} ZLIB::ZLIB PkgConfig::YAML PkgConfig::IGRAPH m)
