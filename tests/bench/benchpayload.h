#pragma once

#include <QJsonArray>

// The payload sweep's object payload, built the same way in main, the bench renderer and
// node-echo.js (records(n) there): an array of count records of 8 mixed fields (integers, a
// fraction, a boolean, strings, a small array), about 115 bytes of JSON each.
QJsonArray benchRecords(int count);
