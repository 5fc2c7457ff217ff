// `ipclab --demo` as a user runs it: every pattern from the notes, one JSON line per message.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTest>

class tst_Demo : public QObject
{
    Q_OBJECT

private:
    QList<QJsonObject> m_lines;

private Q_SLOTS:
    void initTestCase()
    {
        QProcess demo;
        demo.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        demo.start(IPCLAB_MAIN_PATH, {"--demo"});
        QVERIFY(demo.waitForFinished(60000));
        QCOMPARE(demo.exitStatus(), QProcess::NormalExit);
        QCOMPARE(demo.exitCode(), 0);
        const QList<QByteArray> output = demo.readAllStandardOutput().split('\n');
        for (const QByteArray &line : output) {
            if (line.isEmpty())
                continue;
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(line, &error);
            QVERIFY2(document.isObject(), qPrintable("not a JSON object: " + line));
            m_lines << document.object();
        }
    }

    void everyLineHasTheLogFields()
    {
        QVERIFY(m_lines.size() >= 20);
        for (const QJsonObject &line : std::as_const(m_lines)) {
            for (const char *field : {"time", "from", "to", "pattern", "channel", "payload", "latencyUs"})
                QVERIFY2(line.contains(QLatin1String(field)), field);
            const QJsonValue latency = line.value("latencyUs");
            QVERIFY(latency.isNull() || latency.toDouble() >= 0);
            // Every message that travelled one way was timed.
            static const QSet<QString> timed{"send", "invoke", "send-reply", "sendSync", "webContents.send",
                                              "event.sender.send", "relay", "sendTo", "MessagePort"};
            if (timed.contains(line.value("pattern").toString()))
                QVERIFY2(latency.isDouble(), qPrintable(line.value("channel").toString()));
        }
    }

    void seedScenarios_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("channel");
        QTest::addColumn<QJsonValue>("payload");
        QTest::newRow("send") << "send" << "renderer-1" << "main" << "my_channel" << QJsonValue(QJsonArray{"my_data"});
        QTest::newRow("send object") << "send" << "renderer-1" << "main" << "sendMsg"
                                     << QJsonValue(QJsonArray{QJsonObject{{"name", "poetries"}, {"age", 23}}});
        QTest::newRow("invoke answer") << "invoke" << "main" << "renderer-1" << "my_channel" << QJsonValue("replay");
        QTest::newRow("event.reply") << "send-reply" << "main" << "renderer-1" << "asynchronous-reply" << QJsonValue(QJsonArray{"pong"});
        QTest::newRow("sendSync") << "sendSync" << "main" << "renderer-1" << "synchronous-message" << QJsonValue("pong");
        QTest::newRow("webContents.send") << "webContents.send" << "main" << "renderer-1" << "messageToRenderer"
                                          << QJsonValue(QJsonArray{"Hello from Main!"});
        QTest::newRow("event.sender.send") << "event.sender.send" << "main" << "renderer-1" << "backToRender"
                                           << QJsonValue(QJsonArray{"来自主进程的反馈"});
        QTest::newRow("relay") << "relay" << "main" << "renderer-2" << "forWin2" << QJsonValue(QJsonArray{"msg from win1"});
        QTest::newRow("relay ping-event") << "relay" << "main" << "renderer-2" << "pong-event" << QJsonValue(QJsonArray{"something"});
        QTest::newRow("sendTo") << "sendTo" << "renderer-1" << "renderer-2" << "ping" << QJsonValue(QJsonArray{"someThing"});
        QTest::newRow("MessagePort ping") << "MessagePort" << "renderer-1" << "renderer-2" << "port" << QJsonValue("ping");
        QTest::newRow("sharedObject write") << "shared-object" << "renderer-1" << "main" << "sharedObject.someProperty"
                                            << QJsonValue("new value");
        QTest::newRow("sharedObject read") << "shared-object" << "main" << "renderer-2" << "sharedObject.someProperty"
                                           << QJsonValue("new value");
    }

    void seedScenarios()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, channel);
        QFETCH(QJsonValue, payload);
        for (const QJsonObject &line : std::as_const(m_lines)) {
            if (line.value("pattern") == pattern && line.value("from") == from && line.value("to") == to
                && line.value("channel") == channel) {
                QCOMPARE(line.value("payload"), payload);
                return;
            }
        }
        QFAIL("no such line in the demo's output");
    }

    void beyondElectron()
    {
        QSet<QString> patterns;
        for (const QJsonObject &line : std::as_const(m_lines))
            patterns << line.value("pattern").toString();
        for (const char *p : {"main-invoke", "invoke-error", "invoke-timeout", "invoke-cancel", "render-process-gone"})
            QVERIFY2(patterns.contains(QLatin1String(p)), p);
    }
};

QTEST_GUILESS_MAIN(tst_Demo)
#include "tst_demo.moc"
