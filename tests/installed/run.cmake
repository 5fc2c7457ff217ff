# The `installed` test (cmake -P): installs the build under test into a fresh prefix, then
# configures, builds and runs this folder's project against it with the same generator,
# compiler and flags, as a project outside the tree would. Then the installed app itself runs its
# demo, which needs ipclab-renderer beside ipclab and both finding the installed libraries.
# Variables (tests/CMakeLists.txt passes them): BUILD_DIR CONFIG WORK_DIR SOURCE_DIR GENERATOR
# MAKE_PROGRAM CXX_COMPILER CXX_FLAGS LAUNCHER BUILD_TYPE QT6_DIR HEADERS_FILE API_HEADERS_FILE
# BIN_DIR INCLUDE_DIR.

cmake_minimum_required(VERSION 3.25)

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result TIMEOUT 300)
    if(NOT result STREQUAL "0")
        message(FATAL_ERROR "installed: ${what} failed (${result}): ${ARGN}")
    endif()
endfunction()

set(prefix ${WORK_DIR}/prefix)
set(app_build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

if(CONFIG)
    set(config_option --config ${CONFIG})
endif()
run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} ${config_option})

# The headers installed are the API and nothing else: the public classes keep their
# implementation behind d-pointers, so no implementation header (framecodec.h, outbox.h,
# listenerlist.h, ...) and no *_p.h may reach include/ipclab/.
file(STRINGS ${API_HEADERS_FILE} api_headers)
file(GLOB installed_headers RELATIVE ${prefix}/${INCLUDE_DIR}/ipclab ${prefix}/${INCLUDE_DIR}/ipclab/*)
set(not_api ${installed_headers})
list(REMOVE_ITEM not_api ${api_headers})
set(missing ${api_headers})
list(REMOVE_ITEM missing ${installed_headers})
if(not_api OR missing)
    message(FATAL_ERROR "installed: include/ipclab/ is not exactly the API headers: "
                        "not API: ${not_api}; missing: ${missing}")
endif()
list(LENGTH installed_headers count)
message(STATUS "installed: include/ipclab/ holds the ${count} API headers and nothing else")

set(configure_options -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    -DQt6_DIR=${QT6_DIR} -DIPCLAB_HEADERS_FILE=${HEADERS_FILE})
foreach(variable MAKE_PROGRAM CXX_FLAGS BUILD_TYPE)
    if(${variable})
        list(APPEND configure_options -DCMAKE_${variable}=${${variable}})
    endif()
endforeach()
if(LAUNCHER)
    list(APPEND configure_options -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
run("configuring the app" ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${app_build} ${configure_options})

# The package must come from the prefix, not from the build tree or the system.
file(STRINGS ${app_build}/CMakeCache.txt package_dir REGEX "^IpcLab_DIR:")
string(REGEX REPLACE "^[^=]*=" "" package_dir "${package_dir}")
file(REAL_PATH ${prefix} real_prefix)
file(REAL_PATH ${package_dir} real_package_dir)
string(FIND "${real_package_dir}" "${real_prefix}/" position)
if(NOT position EQUAL 0)
    message(FATAL_ERROR "installed: IpcLab was found in ${package_dir}, not under ${prefix}")
endif()

run("building the app" ${CMAKE_COMMAND} --build ${app_build} ${config_option})

# With a multi-config generator the executables are in a folder per configuration.
file(GLOB_RECURSE main_program ${app_build}/installed-main ${app_build}/installed-main.exe)
list(GET main_program 0 main_program)
run("installed-main (an invoke each way between the out-of-tree app's processes)" ${main_program})
file(GLOB_RECURSE pkgconfig_program ${app_build}/installed-pkgconfig ${app_build}/installed-pkgconfig.exe)
if(pkgconfig_program)
    list(GET pkgconfig_program 0 pkgconfig_program)
    run("installed-pkgconfig (the app linked through pkg-config)" ${pkgconfig_program})
else()
    message(STATUS "installed: pkg-config not found, its part is skipped")
endif()

# The installed app: `ipclab --demo` starts the ipclab-renderer it finds beside itself.
run("the installed ipclab --demo" ${prefix}/${BIN_DIR}/ipclab --demo
    OUTPUT_QUIET)
