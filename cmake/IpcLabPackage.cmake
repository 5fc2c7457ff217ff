# CPack: from the build directory, `cpack -G DEB` makes ipclab_<version>_<arch>.deb with what
# `cmake --install` installs (cmake/IpcLabInstall.cmake): the libraries, headers, CMake package
# and pkg-config files, and the app with its .desktop file and icon, under /usr.
set(CPACK_PACKAGE_NAME ipclab)
set(CPACK_PACKAGE_VENDOR "IPC Lab")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Electron-style IPC between a Qt main process and renderer processes")
set(CPACK_PACKAGE_DESCRIPTION
    "IPC Lab does Electron's inter-process communication natively in Qt 6: a main process \
starts renderer processes and they talk over local sockets with Electron's names, semantics \
and error strings. The package holds the app (ipclab, ipclab-renderer) and the libraries with \
their headers, CMake package (find_package(IpcLab)) and pkg-config files.")
set(CPACK_PACKAGE_CONTACT "IPC Lab maintainers <maintainers@example.org>"
    CACHE STRING "The package's maintainer, as Debian writes it: Name <address>")
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
# The libraries' dependencies come from dpkg-shlibdeps (dpkg-dev) when it is there; otherwise
# from this list, Debian 12's names for what the binaries link.
find_program(IPCLAB_DPKG_SHLIBDEPS dpkg-shlibdeps)
find_program(IPCLAB_FILE file)
if(IPCLAB_DPKG_SHLIBDEPS AND IPCLAB_FILE)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
    set(CPACK_DEBIAN_PACKAGE_DEPENDS
        "libc6, libstdc++6, libqt6core6 (>= ${IPCLAB_QT_MINIMUM}), libqt6network6 (>= ${IPCLAB_QT_MINIMUM}), libqt6gui6 (>= ${IPCLAB_QT_MINIMUM}), libqt6widgets6 (>= ${IPCLAB_QT_MINIMUM})")
endif()
# The windows need a platform plugin and the SVG icon engine; building against the package needs
# Qt's development files.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-qpa-plugins, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qt6-base-dev, cmake, pkg-config")

include(CPack)
