# Runs each "program test-function" of RUNS (separated by |) under VALGRIND. A failed test
# function, or memory used after it was freed (valgrind's "Invalid read/write/free"), fails the
# test. Other valgrind reports are not counted: QProcess's waitid() with a null info pointer is
# one that is harmless.
string(REPLACE "|" ";" runs "${RUNS}")
foreach(run IN LISTS runs)
    separate_arguments(command UNIX_COMMAND "${run}")
    execute_process(COMMAND ${VALGRIND} -q ${command}
                    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT result EQUAL 0 OR output MATCHES "Invalid (read|write|free)")
        message(FATAL_ERROR "${run} under valgrind (exit ${result}):\n${output}")
    endif()
    message(STATUS "${run}: clean under valgrind")
endforeach()
