// Typed calls (ipctyped.h): handlers whose own signature says what their arguments and result
// are, invoke<R>() as a QFuture, variadic send. IpcMain and IpcRenderer in one process over a
// real socket, as tst_inprocess; then one renderer process (ipclab-test-typedrenderer).

#include "ipcexception.h"
#include "ipcmain.h"
#include "ipcrenderer.h"
#include "ipcreply.h"
#include "ipctyped.h"
#include "rendererlauncher.h"
#include "webcontents.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

struct Point
{
    Q_GADGET
    Q_PROPERTY(int x MEMBER x)
    Q_PROPERTY(int y MEMBER y)
    Q_PROPERTY(QString label MEMBER label)
public:
    int x = 0;
    int y = 0;
    QString label;
    bool operator==(const Point &) const = default;
};

struct Shape
{
    Q_GADGET
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(Point origin MEMBER origin)
    Q_PROPERTY(QList<int> sides MEMBER sides)
    Q_PROPERTY(double scale MEMBER scale)
    Q_PROPERTY(bool filled MEMBER filled)
public:
    QString name;
    Point origin;
    QList<int> sides;
    double scale = 1;
    bool filled = false;
    bool operator==(const Shape &) const = default;
};

// The overloads a call picks, proven at compile time: a braced list is still the QJsonArray
// overload (one argument per element), a lone QJsonArray still the whole argument list, and
// two or more values, or one that is not a list, the variadic form.
static_assert(requires(IpcRenderer &r) { r.send("ch", {"a"}); });
static_assert(requires(IpcRenderer &r, const QJsonArray &x) { r.send("ch", {x}); });
static_assert(requires(IpcRenderer &r) { r.send("ch"); });
static_assert(requires(WebContents &w) { w.send("ch", {"a"}); });
static_assert(!IpcTyped::VariadicArguments<QJsonArray>);
static_assert(!IpcTyped::VariadicArguments<QVariantList>);
static_assert(IpcTyped::VariadicArguments<QJsonArray, int>);
static_assert(IpcTyped::VariadicArguments<char[2]>);
static_assert(IpcTyped::VariadicArguments<Point>);
static_assert(!IpcTyped::VariadicArguments<QObject *>);
// Untyped handlers keep the untyped overloads; typed ones take the new.
static_assert(!IpcTyped::TypedHandler<IpcMain::Handler, IpcMainInvokeEvent>);
static_assert(IpcTyped::TypedHandler<int (*)(int, int), IpcMainInvokeEvent>);
static_assert(IpcTyped::TypedHandler<QString (*)(IpcMainInvokeEvent &, const Point &), IpcMainInvokeEvent>);
static_assert(!IpcTyped::TypedHandler<int (*)(QObject *), IpcMainInvokeEvent>);

// The message a failed future carries, once finished.
template <typename T>
QString failureOf(const QFuture<T> &future)
{
    try {
        QFuture<T>(future).waitForFinished();
    } catch (const IpcException &e) {
        return e.error().message();
    }
    return QString();
}

class tst_Typed : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    WebContents *m_webContents = nullptr;
    std::unique_ptr<IpcRenderer> m_renderer;

    // The error text an untyped invoke of channel with args gets.
    QString invokeError(const QString &channel, const QJsonArray &args)
    {
        IpcReply *reply = m_renderer->invoke(channel, args);
        if (!reply->waitForFinished(10000))
            return QStringLiteral("(no answer)");
        const QString text = reply->error().isNull() ? QString() : reply->error().toString();
        delete reply;
        return text;
    }

    template <typename T>
    T roundTrip(const T &value)
    {
        m_ipcMain->handle("echo", [](const T &v) { return v; });
        QFuture<T> future = m_renderer->invoke<T>("echo", value);
        [&] { QTRY_VERIFY2(future.isFinished(), "no answer"); }();
        m_ipcMain->removeHandler("echo");
        if (!failureOf(future).isEmpty())
            qWarning() << failureOf(future);
        return future.isValid() && future.resultCount() ? future.result() : T{};
    }

private Q_SLOTS:
    void init()
    {
        m_ipcMain = std::make_unique<IpcMain>();
        m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
        m_webContents = m_launcher->createWebContents();
        QVERIFY(m_webContents);
        m_renderer = std::make_unique<IpcRenderer>();
        QVERIFY(m_renderer->connectToMain(m_webContents->rendererEnvironment()));
        QTRY_VERIFY(m_webContents->isReady());
        QTRY_VERIFY(m_renderer->isConnected());
    }

    void cleanup()
    {
        m_renderer.reset();
        m_launcher.reset();
        m_ipcMain.reset();
    }

    void addGivesAQFuture()
    {
        QVERIFY(m_ipcMain->handle("add", [](int a, int b) { return a + b; }).isNull());
        int seen = 0;
        QFuture<int> sum = m_renderer->invoke<int>("add", 2, 3);
        QFuture<void> done = sum.then([&](int value) { seen = value; });
        QTRY_VERIFY(done.isFinished());
        QCOMPARE(sum.result(), 5);
        QCOMPARE(seen, 5);
        // The reply behind the future deleted itself.
        QTRY_COMPARE(m_renderer->findChildren<IpcReply *>().size(), 0);
    }

    void eachTypeRoundTrips()
    {
        QCOMPARE(roundTrip<int>(-42), -42);
        QCOMPARE(roundTrip<qint64>(Q_INT64_C(9007199254740993)), Q_INT64_C(9007199254740993));
        QCOMPARE(roundTrip<double>(2.5), 2.5);
        QCOMPARE(roundTrip<bool>(true), true);
        QCOMPARE(roundTrip<QString>(QStringLiteral("来自主进程的反馈")), QStringLiteral("来自主进程的反馈"));
        const QByteArray bytes("\0\x01\xfe\xff binary", 12);
        QCOMPARE(roundTrip<QByteArray>(bytes), bytes);
        QCOMPARE(roundTrip<QJsonValue>(QJsonValue(7)), QJsonValue(7));
        const QJsonObject object{{"name", "poetries"}, {"age", 23}};
        QCOMPARE(roundTrip<QJsonObject>(object), object);
        QCOMPARE(roundTrip<QJsonArray>(QJsonArray{1, "two"}), (QJsonArray{1, "two"}));
        QCOMPARE(roundTrip<QList<int>>({1, 2, 3}), (QList<int>{1, 2, 3}));
        QCOMPARE(roundTrip<QStringList>({"a", "b"}), (QStringList{"a", "b"}));
        const QMap<QString, double> map{{"pi", 3.14}, {"e", 2.71}};
        QCOMPARE((roundTrip<QMap<QString, double>>(map)), map);
        const QList<QByteArray> blobs{QByteArray("\0a", 2), QByteArray("\xff")};
        QCOMPARE(roundTrip<QList<QByteArray>>(blobs), blobs);
        const QMap<QString, QList<int>> nested{{"odd", {1, 3}}, {"even", {2}}};
        QCOMPARE((roundTrip<QMap<QString, QList<int>>>(nested)), nested);
    }

    void binaryArgumentsTravelAsAttachments()
    {
        QList<QByteArray> buffers;
        m_ipcMain->handle("size", [&](IpcMainInvokeEvent &event, const QByteArray &data) {
            buffers = event.buffers();
            return qint64(data.size());
        });
        const QByteArray megabyte(1 << 20, 'x');
        QFuture<qint64> size = m_renderer->invoke<qint64>("size", megabyte);
        QTRY_VERIFY(size.isFinished());
        QCOMPARE(size.result(), qint64(1 << 20));
        QCOMPARE(buffers, QList<QByteArray>{megabyte});
    }

    void gadgetRoundTrips()
    {
        const Point point{3, -4, QStringLiteral("p")};
        QCOMPARE(roundTrip<Point>(point), point);
        const Shape shape{QStringLiteral("triangle"), point, {3, 4, 5}, 0.5, true};
        QCOMPARE(roundTrip<Shape>(shape), shape);
        // On the wire, a JSON object with one member per property.
        QJsonValue wire;
        m_ipcMain->handle("raw", [&](IpcMainInvokeEvent &, const QJsonArray &args) {
            wire = args.at(0);
            return QJsonValue();
        });
        QFuture<void> done = m_renderer->invoke<void>("raw", point);
        QTRY_VERIFY(done.isFinished());
        QCOMPARE(wire, QJsonValue(QJsonObject{{"x", 3}, {"y", -4}, {"label", "p"}}));
    }

    void eventParameterIsOptional()
    {
        m_ipcMain->handle("who", [](IpcMainInvokeEvent &event, int times) {
            return event.senderId() * times;
        });
        QFuture<int> who = m_renderer->invoke<int>("who", 10);
        QTRY_VERIFY(who.isFinished());
        QCOMPARE(who.result(), m_webContents->id() * 10);
    }

    void asyncTypedHandler()
    {
        auto promise = std::make_shared<QPromise<QString>>();
        m_ipcMain->handle("later", [promise](const QString &name) {
            promise->start();
            return promise->future().then([name](const QString &greeting) { return greeting + name; });
        });
        QFuture<QString> answer = m_renderer->invoke<QString>("later", QStringLiteral("poetries"));
        QTRY_VERIFY(promise->future().isStarted());
        QVERIFY(!answer.isFinished());
        promise->addResult(QStringLiteral("hello "));
        promise->finish();
        QTRY_VERIFY(answer.isFinished());
        QCOMPARE(answer.result(), QStringLiteral("hello poetries"));
    }

    void typeErrors_data()
    {
        QTest::addColumn<QJsonArray>("args");
        QTest::addColumn<QString>("error");
        const QString prefix = QStringLiteral("TypeError: Error invoking remote method 'typed': TypeError: ");
        QTest::newRow("string for int") << QJsonArray{"x", "s", true}
                                        << prefix + "argument 1 (a) is a string, expected int";
        QTest::newRow("fraction for int") << QJsonArray{2.5, "s", true}
                                          << prefix + "argument 1 (a) is a number (2.5), expected int";
        QTest::newRow("int out of range") << QJsonArray{2147483648.0, "s", true}
                                          << prefix + "argument 1 (a) is a number (2147483648), expected int";
        QTest::newRow("number for string") << QJsonArray{1, 2, true}
                                           << prefix + "argument 2 (s) is a number (2), expected QString";
        QTest::newRow("string for bool") << QJsonArray{1, "s", "yes"}
                                         << prefix + "argument 3 (b) is a string, expected bool";
        QTest::newRow("null for bool") << QJsonArray{1, "s", QJsonValue()}
                                       << prefix + "argument 3 (b) is null, expected bool";
        QTest::newRow("number for bool") << QJsonArray{1, "s", 1}
                                         << prefix + "argument 3 (b) is a number (1), expected bool";
        QTest::newRow("too few") << QJsonArray{1, "s"}
                                 << prefix + "expected 3 arguments (a, s, b), got 2";
        QTest::newRow("too many") << QJsonArray{1, "s", true, 4}
                                  << prefix + "expected 3 arguments (a, s, b), got 4";
    }

    void typeErrors()
    {
        QFETCH(QJsonArray, args);
        QFETCH(QString, error);
        bool called = false;
        m_ipcMain->handle(
                "typed", [&](int, const QString &, bool) { called = true; },
                {"a", "s", "b"});
        QCOMPARE(invokeError("typed", args), error);
        QVERIFY(!called);
        QCOMPARE(invokeError("typed", QJsonArray{1, "s", false}), QString());
        QVERIFY(called);
    }

    void typeErrorsInsideValues_data()
    {
        QTest::addColumn<QString>("channel");
        QTest::addColumn<QJsonArray>("args");
        QTest::addColumn<QString>("error");
        const QJsonObject point{{"x", 1}, {"y", 2}, {"label", "p"}};
        QJsonObject noY = point;
        noY.remove("y");
        QJsonObject stringY = point;
        stringY.insert("y", "2");
        QJsonObject shape{{"name", "s"}, {"origin", stringY}, {"sides", QJsonArray{1}},
                          {"scale", 1}, {"filled", false}};
        QTest::newRow("missing property") << "point" << QJsonArray{noY}
                                          << "argument 1 at .y is missing, expected int";
        QTest::newRow("property type") << "point" << QJsonArray{stringY}
                                       << "argument 1 at .y is a string, expected int";
        QTest::newRow("not an object") << "point" << QJsonArray{QJsonArray{1, 2}}
                                       << "argument 1 is an array, expected Point";
        QTest::newRow("nested gadget") << "shape" << QJsonArray{shape}
                                       << "argument 1 at .origin.y is a string, expected int";
        shape.insert("origin", point);
        shape.insert("sides", QJsonArray{3, "4"});
        QTest::newRow("list in gadget") << "shape" << QJsonArray{shape}
                                        << "argument 1 at .sides[1] is a string, expected int";
        QTest::newRow("list element") << "list" << QJsonArray{QJsonArray{1, true}}
                                      << "argument 1 at [1] is a boolean, expected int";
        QTest::newRow("map value") << "map" << QJsonArray{QJsonObject{{"k", "v"}}}
                                   << "argument 1 at [\"k\"] is a string, expected double";
        QTest::newRow("string for bytes") << "bytes" << QJsonArray{"AAAA"}
                                          << "argument 1 is a string, expected QByteArray";
        QTest::newRow("object for array") << "array" << QJsonArray{QJsonObject()}
                                          << "argument 1 is an object, expected QJsonArray";
        QTest::newRow("bad base64") << "blobs" << QJsonArray{QJsonArray{"not base64!"}}
                                    << "argument 1 at [0] is a string, expected QByteArray (base64)";
    }

    void typeErrorsInsideValues()
    {
        QFETCH(QString, channel);
        QFETCH(QJsonArray, args);
        QFETCH(QString, error);
        m_ipcMain->handle("point", [](const Point &) {});
        m_ipcMain->handle("shape", [](const Shape &) {});
        m_ipcMain->handle("list", [](const QList<int> &) {});
        m_ipcMain->handle("map", [](const QMap<QString, double> &) {});
        m_ipcMain->handle("bytes", [](const QByteArray &) {});
        m_ipcMain->handle("array", [](const QJsonArray &) {});
        m_ipcMain->handle("blobs", [](const QList<QByteArray> &) {});
        QCOMPARE(invokeError(channel, args),
                 QStringLiteral("TypeError: Error invoking remote method '%1': TypeError: %2").arg(channel, error));
    }

    void resultThatDoesNotConvertFails()
    {
        m_ipcMain->handle("name", [] { return QStringLiteral("poetries"); });
        QFuture<int> wrong = m_renderer->invoke<int>("name");
        QTRY_VERIFY(wrong.isFinished());
        QCOMPARE(failureOf(wrong),
                 QStringLiteral("Error invoking remote method 'name': TypeError: the result is a string, expected int"));
        // The handler's own error arrives as it is.
        m_ipcMain->handle("fails", [](int) { return IpcError("RangeError", "too big"); });
        QFuture<int> fails = m_renderer->invoke<int>("fails", 1);
        QTRY_VERIFY(fails.isFinished());
        QCOMPARE(failureOf(fails), QStringLiteral("Error invoking remote method 'fails': RangeError: too big"));
        bool failedHandlerRan = false;
        QFuture<void> handled = fails.onFailed([&](const IpcException &e) {
            failedHandlerRan = e.error().name() == "RangeError";
            return 0;
        }).then([](int) {});
        QTRY_VERIFY(handled.isFinished());
        QVERIFY(failedHandlerRan);
    }

    void typedListeners()
    {
        QList<Point> points;
        m_ipcMain->on("point", [&](const Point &p) { points.append(p); });
        QString text;
        int number = 0;
        m_ipcMain->on("pair", [&](IpcMainEvent &event, const QString &t, int n) {
            text = t;
            number = n * event.senderId();
        });
        QVERIFY(m_renderer->send("point", Point{1, 2, "a"}).isNull());
        // One that does not convert is dropped (and logged), the next still arrives.
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("typed listener on point.*TypeError: argument 1 is a string, expected Point"));
        QVERIFY(m_renderer->send("point", QStringLiteral("not a point")).isNull());
        QVERIFY(m_renderer->send("point", Point{3, 4, "b"}).isNull());
        QVERIFY(m_renderer->send("pair", QStringLiteral("hi"), 2).isNull());
        QTRY_COMPARE(number, 2 * m_webContents->id());
        QCOMPARE(text, "hi");
        QCOMPARE(points, (QList<Point>{{1, 2, "a"}, {3, 4, "b"}}));
    }

    void variadicSend()
    {
        QList<QJsonArray> got;
        m_ipcMain->on("ch", [&](IpcMainEvent &, const QJsonArray &args) { got.append(args); });
        const QJsonArray x{"a", "b"};
        m_renderer->send("ch", {"a"});                          // braced: one argument
        m_renderer->send("ch", x);                              // a lone array: the arguments
        m_renderer->send("ch", {x});                            // braced array: x's elements
        m_renderer->send("ch", x, 1);                           // variadic: x is one argument
        m_renderer->send("ch", QStringLiteral("s"), 2.5, true); // variadic, mixed
        m_renderer->send("ch", QJsonValue(x));                  // one argument that is an array
        m_renderer->send("ch", "literal");
        QTRY_COMPARE(got.size(), 7);
        QCOMPARE(got.at(0), QJsonArray{"a"});
        QCOMPARE(got.at(1), x);
        QCOMPARE(got.at(2), x);
        QCOMPARE(got.at(3), (QJsonArray{x, 1}));
        QCOMPARE(got.at(4), (QJsonArray{"s", 2.5, true}));
        QCOMPARE(got.at(5), QJsonArray{x});
        QCOMPARE(got.at(6), QJsonArray{"literal"});
    }

    void variadicWithBinary()
    {
        QVariantList arguments;
        m_ipcMain->on("mixed", [&](IpcMainEvent &event, const QJsonArray &) { arguments = event.arguments(); });
        const QByteArray bytes("\0\1\2", 3);
        QVERIFY(m_renderer->send("mixed", 1, bytes, QStringLiteral("s")).isNull());
        QTRY_COMPARE(arguments.size(), 3);
        QCOMPARE(arguments.at(1).toByteArray(), bytes);
        QCOMPARE(arguments.at(1).metaType(), QMetaType::fromType<QByteArray>());
    }

    void mainToRendererTyped()
    {
        QVERIFY(m_renderer->handle("scale", [](const Point &p, int k) {
            return Point{p.x * k, p.y * k, p.label};
        }).isNull());
        QFuture<Point> scaled = m_webContents->invoke<Point>("scale", Point{1, 2, "q"}, 3);
        QTRY_VERIFY(scaled.isFinished());
        QCOMPARE(scaled.result(), (Point{3, 6, "q"}));
        QFuture<Point> bad = m_webContents->invoke<Point>("scale", Point{1, 2, "q"});
        QTRY_VERIFY(bad.isFinished());
        QCOMPARE(failureOf(bad),
                 QStringLiteral("Error invoking remote method 'scale': TypeError: expected 2 arguments, got 1"));

        QStringList heard;
        m_renderer->on("messageToRenderer", [&](const QString &text, int n) {
            heard << text + QString::number(n);
        });
        QVERIFY(m_webContents->send("messageToRenderer", QStringLiteral("Hello from Main!"), 1).isNull());
        QTRY_COMPARE(heard, QStringList{"Hello from Main!1"});
    }

    void againstARendererProcess()
    {
        m_launcher->setRendererProgram(QStringLiteral(IPCLAB_TYPEDRENDERER_PATH));
        WebContents *window = m_launcher->launch();
        QVERIFY(window);
        QSignalSpy loaded(window, &WebContents::didFinishLoad);
        QVERIFY(loaded.wait(20000));
        QFuture<int> sum = window->invoke<int>("renderer-add", 2, 3);
        QTRY_VERIFY_WITH_TIMEOUT(sum.isFinished(), 20000);
        QCOMPARE(sum.result(), 5);
        QFuture<int> wrong = window->invoke<int>("renderer-add", 2, QStringLiteral("3"));
        QTRY_VERIFY_WITH_TIMEOUT(wrong.isFinished(), 20000);
        QCOMPARE(failureOf(wrong),
                 QStringLiteral("Error invoking remote method 'renderer-add': TypeError: argument 2 (b) is a string, expected int"));
        QFuture<QByteArray> reversed = window->invoke<QByteArray>("renderer-reverse", QByteArray("\x01\x00\x02", 3));
        QTRY_VERIFY_WITH_TIMEOUT(reversed.isFinished(), 20000);
        QCOMPARE(reversed.result(), QByteArray("\x02\x00\x01", 3));

        // Variadic sendSync, answered by a typed listener, and variadic sendTo (to itself).
        m_ipcMain->on("sync-add", [](IpcMainEvent &event, int a, int b) { event.returnValue = a + b; });
        int syncResult = 0;
        m_ipcMain->on("sync-result", [&](int sum) { syncResult = sum; });
        QList<QJsonArray> seen;
        m_ipcMain->on("sendto-seen", [&](IpcMainEvent &, const QJsonArray &args) { seen.append(args); });
        QVERIFY(window->send("sync-probe", window->id()).isNull());
        QTRY_COMPARE_WITH_TIMEOUT(syncResult, 5, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 1, 20000);
        QCOMPARE(seen.at(0), (QJsonArray{5, "x", window->id()}));
        window->close();
    }
};

QTEST_GUILESS_MAIN(tst_Typed)
#include "tst_typed.moc"
