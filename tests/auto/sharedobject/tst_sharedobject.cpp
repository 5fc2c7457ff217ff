// Shared data between windows: the seeds' global.sharedObject, read and written by two real
// renderer processes through RemoteGlobal, with every window told of each change.

#include "ipcmain.h"
#include "ipcreply.h"
#include "rendererdriver.h"
#include "rendererlauncher.h"
#include "sharedobject.h"
#include "webcontents.h"

#include <QSignalSpy>
#include <QTest>

#include <limits>
#include <memory>

using namespace RendererDriver;

class tst_SharedObject : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<IpcMain> m_ipcMain;
    std::unique_ptr<RendererLauncher> m_launcher;
    std::unique_ptr<SharedObject> m_shared;
    WebContents *m_render1 = nullptr;
    WebContents *m_render2 = nullptr;

    QJsonArray changesSeenBy(WebContents *w)
    {
        return invokeAndWait(w, "ipclab:global-state").toObject().value("changes").toArray();
    }

private Q_SLOTS:
    void init()
    {
        m_ipcMain = std::make_unique<IpcMain>();
        m_launcher = std::make_unique<RendererLauncher>(m_ipcMain.get());
        m_launcher->setRendererProgram(IPCLAB_RENDERER_PATH);
        // main: global.sharedObject = { someProperty: 'default value' }
        m_shared = std::make_unique<SharedObject>("sharedObject", m_launcher.get());
        QVERIFY(m_shared->setValue("someProperty", "default value").isNull());
        m_render1 = m_launcher->launch({"--headless"});
        m_render2 = m_launcher->launch({"--headless"});
        QTRY_VERIFY_WITH_TIMEOUT(m_render1->isReady() && m_render2->isReady(), 20000);
    }

    void cleanup()
    {
        m_shared.reset();
        m_launcher.reset();
        m_ipcMain.reset();
    }

    void seedScenario()
    {
        QCOMPARE(performOne(m_render2, step("globalGet", {}, {"someProperty"})).value("value"),
                 QJsonValue("default value"));
        QSignalSpy changed(m_shared.get(), &SharedObject::changed);
        // render1: remote.getGlobal('sharedObject').someProperty = 'new value'
        QVERIFY(!performOne(m_render1, step("globalSet", {}, {"someProperty", "new value"})).contains("error"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(2).toInt(), m_render1->id());
        QCOMPARE(m_shared->value("someProperty"), QJsonValue("new value"));
        // render2: console.log(remote.getGlobal('sharedObject').someProperty) // new value
        QCOMPARE(performOne(m_render2, step("globalGet", {}, {"someProperty"})).value("value"),
                 QJsonValue("new value"));
    }

    void everyWindowIsToldOfAChange()
    {
        performOne(m_render1, step("globalSet", {}, {"someProperty", "new value"}));
        const QJsonArray expected{QJsonArray{"someProperty", "new value", m_render1->id()}};
        QTRY_COMPARE(changesSeenBy(m_render2), expected);
        QTRY_COMPARE(changesSeenBy(m_render1), expected);

        m_shared->setValue("count", 3); // main writes too
        const QJsonArray fromMain{"count", 3, 0};
        QTRY_COMPARE(changesSeenBy(m_render2).last().toArray(), fromMain);
    }

    void valuesAreJsonAndOnlyJson()
    {
        QVERIFY(!performOne(m_render1, step("globalSet", {}, {"nested", QJsonObject{{"a", QJsonArray{1, true}}}}))
                         .contains("error"));
        QCOMPARE(performOne(m_render2, step("globalGet", {}, {"nested"})).value("value"),
                 QJsonValue(QJsonObject{{"a", QJsonArray{1, true}}}));
        QCOMPARE(m_shared->setValue("bad", std::numeric_limits<double>::quiet_NaN()).name(), "DataCloneError");
        QVERIFY(!performOne(m_render1, step("globalGet", {}, {"missing"})).contains("value"));
        const QJsonObject refused = performOne(m_render1, step("globalSet", {}, {"", 1}));
        QCOMPARE(refused.value("error").toObject().value("name").toString(), "TypeError");
    }
};

QTEST_GUILESS_MAIN(tst_SharedObject)
#include "tst_sharedobject.moc"
