# What `cmake --install` puts where, the way a Qt library installs:
#   lib/libipclab-{shared,main,renderer}.so.<version>     the libraries (IpcLab::Shared, ::Main, ::Renderer)
#   include/ipclab/*.h                                     the headers, included as <ipclab/ipcmain.h>
#   lib/cmake/IpcLab/                                      find_package(IpcLab 0.1 REQUIRED)
#   lib/pkgconfig/ipclab-{main,renderer}.pc                pkg-config --cflags --libs ipclab-main
#   bin/ipclab, bin/ipclab-renderer                        the app (ipclab finds its renderer beside itself)
#   share/applications/ipclab.desktop, share/icons/hicolor/scalable/apps/ipclab.svg

include(CMakePackageConfigHelpers)

# The headers a program that uses the library compiles against: the API (and what the docs
# target documents), and nothing else. Each public class keeps its state behind a d-pointer
# (a ClassPrivate in a *_p.h, as qtbase does), so none of them includes an implementation header
# (frame codec, outbox, pending calls, listener lists, protocol, ...), and those can change
# without breaking a program built against an older release. IPCLAB_DETAIL_HEADERS is for an
# implementation header an API header would have to include again: it stays empty, and the
# `installed` test fails when the installed include/ipclab/ holds more than IPCLAB_API_HEADERS.
set(IPCLAB_API_HEADERS
    main/ipcmain.h
    main/ipcmainevent.h
    main/ipcmanager.h
    main/messagechannelmain.h
    main/rendererlauncher.h
    main/sharedobject.h
    main/utilityprocess.h
    main/webcontents.h
    renderer/ipcbridge.h
    renderer/ipcrenderer.h
    renderer/ipcrendererevent.h
    renderer/ipcservice.h
    renderer/messagechannel.h
    renderer/parentport.h
    renderer/remoteglobal.h
    shared/channelpolicy.h
    shared/ipcbinary.h
    shared/ipcerror.h
    shared/ipcexception.h
    shared/ipcreply.h
    shared/ipcresult.h
    shared/ipctyped.h
    shared/messageport.h
    shared/messagetrace.h
)
set(IPCLAB_DETAIL_HEADERS)
set(IPCLAB_PUBLIC_HEADERS ${IPCLAB_API_HEADERS} ${IPCLAB_DETAIL_HEADERS})

# In the build tree the same <ipclab/...> names work (for add_subdirectory users, and the tests
# that compile the README's snippets): include/ipclab/ holds one forwarding header per file.
set(IPCLAB_BUILD_INCLUDE_DIR ${PROJECT_BINARY_DIR}/include)
foreach(header IN LISTS IPCLAB_PUBLIC_HEADERS)
    get_filename_component(name ${header} NAME)
    file(CONFIGURE OUTPUT ${IPCLAB_BUILD_INCLUDE_DIR}/ipclab/${name}
         CONTENT "#include \"${PROJECT_SOURCE_DIR}/${header}\"\n" @ONLY)
endforeach()

# The three libraries: shared and versioned unless BUILD_SHARED_LIBS is OFF. SOVERSION is
# major.minor while the major version is 0, since until 1.0 a minor release may break the ABI;
# the package version file has the same rule (SameMinorVersion).
set(ipclab_libraries ipclab_shared ipclab_main ipclab_renderer)
set(IPCLAB_SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
foreach(library IN LISTS ipclab_libraries)
    # ipclab_main: libipclab-main.so, exported as IpcLab::Main.
    string(REPLACE "ipclab_" "" component ${library})
    string(SUBSTRING ${component} 0 1 first)
    string(SUBSTRING ${component} 1 -1 rest)
    string(TOUPPER ${first} first)
    set(export_name ${first}${rest})
    set_target_properties(${library} PROPERTIES
        OUTPUT_NAME ipclab-${component}
        EXPORT_NAME ${export_name}
        VERSION ${PROJECT_VERSION}
        SOVERSION ${IPCLAB_SOVERSION})
    target_include_directories(${library} PUBLIC
        $<BUILD_INTERFACE:${IPCLAB_BUILD_INCLUDE_DIR}>
        $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    # The headers are C++20 (e.g. defaulted operator==): a program that uses them is too.
    target_compile_features(${library} PUBLIC cxx_std_20)
    # The names an installed package gives, for add_subdirectory users too.
    add_library(IpcLab::${export_name} ALIAS ${library})
endforeach()

# The libraries find each other, and the executables find the libraries, wherever the prefix is
# (cmake --install --prefix, or /usr from the .deb).
file(RELATIVE_PATH bin_to_lib ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
if(BUILD_SHARED_LIBS)
    # Calls inside a library stay inside it (no interposition through the PLT on the hot path).
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        foreach(library IN LISTS ipclab_libraries)
            target_compile_options(${library} PRIVATE -fno-semantic-interposition)
        endforeach()
    endif()
    set_target_properties(${ipclab_libraries} PROPERTIES INSTALL_RPATH "$ORIGIN")
    set_target_properties(ipclab ipclab-renderer PROPERTIES INSTALL_RPATH "$ORIGIN/${bin_to_lib}")
endif()

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/IpcLab)
install(TARGETS ${ipclab_libraries} EXPORT IpcLabTargets
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
list(TRANSFORM IPCLAB_PUBLIC_HEADERS PREPEND ${PROJECT_SOURCE_DIR}/ OUTPUT_VARIABLE header_paths)
install(FILES ${header_paths} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ipclab)
install(EXPORT IpcLabTargets NAMESPACE IpcLab:: DESTINATION ${config_dir})

configure_package_config_file(cmake/IpcLabConfig.cmake.in IpcLabConfig.cmake
    INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(IpcLabConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/IpcLabConfig.cmake ${PROJECT_BINARY_DIR}/IpcLabConfigVersion.cmake
        DESTINATION ${config_dir})

# pkg-config: one file per side. The prefix is found from the file's own place (${pcfiledir}),
# so the same file is right after `cmake --install --prefix` anywhere and in the .deb.
set(pkgconfig_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH pkgconfig_to_prefix ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" pkgconfig_to_prefix "${pkgconfig_to_prefix}")
file(RELATIVE_PATH pkgconfig_libdir ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_LIBDIR})
file(RELATIVE_PATH pkgconfig_includedir ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_INCLUDEDIR})
foreach(side main renderer)
    set(IPCLAB_PC_NAME ipclab-${side})
    set(IPCLAB_PC_LIBRARY ipclab-${side})
    if(side STREQUAL "main")
        set(IPCLAB_PC_DESCRIPTION "IPC Lab's main process side: IpcMain, WebContents, RendererLauncher")
    else()
        set(IPCLAB_PC_DESCRIPTION "IPC Lab's renderer process side: IpcRenderer, MessageChannel, RemoteGlobal")
    endif()
    configure_file(cmake/ipclab.pc.in ${IPCLAB_PC_NAME}.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/${IPCLAB_PC_NAME}.pc DESTINATION ${pkgconfig_dir})
endforeach()

# The app.
install(TARGETS ipclab ipclab-renderer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES resources/ipclab.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES resources/icons/ipclab.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
