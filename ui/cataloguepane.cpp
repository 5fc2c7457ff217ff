#include "cataloguepane.h"

#include "patterncatalogue.h"
#include "translations.h"

namespace {

constexpr int patternIdRole = Qt::UserRole + 1;

} // namespace

CataloguePane::CataloguePane(const PatternCatalogue *catalogue, QWidget *parent)
    : QTreeWidget(parent), m_catalogue(catalogue)
{
    setObjectName(QStringLiteral("catalogue"));
    setHeaderHidden(true);
    setMinimumWidth(280);
    setUniformRowHeights(true);
    setIndentation(14);
    for (const PatternGroup &group : m_catalogue->groups()) {
        auto *groupItem = new QTreeWidgetItem(this);
        groupItem->setFlags(Qt::ItemIsEnabled);
        QFont bold = groupItem->font(0);
        bold.setBold(true);
        groupItem->setFont(0, bold);
        groupItem->setData(0, patternIdRole, QString());
        // resources/icons/<group id>.svg: who talks to whom.
        groupItem->setIcon(0, QIcon(QStringLiteral(":/icons/%1.svg").arg(group.id)));
        for (const PatternInfo &info : group.patterns) {
            auto *item = new QTreeWidgetItem(groupItem);
            item->setData(0, patternIdRole, info.id);
        }
    }
    expandAll();
    connect(this, &QTreeWidget::currentItemChanged, this, [this] { emit patternChanged(selectedPattern()); });
}

bool CataloguePane::selectPattern(const QString &id)
{
    for (int g = 0; g < topLevelItemCount(); ++g) {
        QTreeWidgetItem *groupItem = topLevelItem(g);
        for (int p = 0; p < groupItem->childCount(); ++p) {
            if (groupItem->child(p)->data(0, patternIdRole).toString() == id) {
                setCurrentItem(groupItem->child(p));
                return true;
            }
        }
    }
    return false;
}

QString CataloguePane::selectedPattern() const
{
    const QTreeWidgetItem *item = currentItem();
    return item ? item->data(0, patternIdRole).toString() : QString();
}

void CataloguePane::selectFirstPattern()
{
    if (topLevelItemCount() > 0 && topLevelItem(0)->childCount() > 0)
        setCurrentItem(topLevelItem(0)->child(0));
}

void CataloguePane::retranslateUi()
{
    const QString language = Translations::current();
    const QList<PatternGroup> groups = m_catalogue->groups();
    for (int g = 0; g < groups.size() && g < topLevelItemCount(); ++g) {
        QTreeWidgetItem *groupItem = topLevelItem(g);
        groupItem->setText(0, PatternCatalogue::text(groups[g].title, language));
        for (int p = 0; p < groups[g].patterns.size() && p < groupItem->childCount(); ++p)
            groupItem->child(p)->setText(0, PatternCatalogue::text(groups[g].patterns[p].title, language));
    }
}
