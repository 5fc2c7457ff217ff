# Doxygen input filter (cmake/IpcLabDocs.cmake): a line that is only a // comment becomes a ///
# comment, which Doxygen attaches to the declaration after it. Lines already /// stay as they are.
s#^([[:space:]]*)//([^/]|$)#\1///\2#
