# Installation and the Debian package (cpack -G DEB in the build directory).
# Layout under the prefix, found by the binary relative to itself
# (/proc/self/exe -> ../share/ricsim), so the tree can be moved:
#   bin/ricsim
#   share/ricsim/scenarios/   scenario files, targets.yaml, studies/
#   share/ricsim/python/      ricsim.py (load_ensemble) and the examples (study.py)
#   share/doc/ricsim/         README.md and docs/*.md
#   share/man/man1/ricsim.1   generated from the commands' --help
#   share/bash-completion/completions/ricsim
include(GNUInstallDirs)
install(TARGETS ricsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/ricsim/scenarios
  FILES_MATCHING PATTERN "*.yaml")
install(FILES ${PROJECT_SOURCE_DIR}/python/ricsim.py ${PROJECT_SOURCE_DIR}/examples/read_output.py
  ${PROJECT_SOURCE_DIR}/examples/read_ensemble.py ${PROJECT_SOURCE_DIR}/examples/study.py
  DESTINATION ${CMAKE_INSTALL_DATADIR}/ricsim/python)
file(GLOB RIC_DOCS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${RIC_DOCS} DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The man page: the commands' own --help texts under troff headings, so it
# cannot drift from the program.
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/ricsim.1
  COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/manpage.sh $<TARGET_FILE:ricsim>
    ${PROJECT_VERSION} > ${CMAKE_CURRENT_BINARY_DIR}/ricsim.1
  DEPENDS ricsim ${PROJECT_SOURCE_DIR}/scripts/manpage.sh
  COMMENT "Generating the man page ricsim.1")
add_custom_target(ricsim_man ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/ricsim.1)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/ricsim.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/scripts/ricsim.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ricsim)

set(CPACK_PACKAGE_NAME ricsim)
set(CPACK_PACKAGE_VENDOR "ricsim")
set(CPACK_PACKAGE_CONTACT "ricsim maintainers <ricsim@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "agent-based simulation of regional innovation clusters")
set(CPACK_PACKAGE_DESCRIPTION
  "ricsim simulates firms, universities, institutes and intermediaries exchanging knowledge over formal and informal ties, with policy interventions, ensembles, comparisons, plots and reports.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# Shared-library dependencies found by dpkg-shlibdeps (dpkg-dev), plus the
# programs the plots and the Python module use.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnuplot-nox, hdf5-tools")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-h5py, python3-pandas")
include(CPack)
