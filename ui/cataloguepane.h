#pragma once

#include <QTreeWidget>

class PatternCatalogue;

// The catalogue of patterns as a tree: a heading per group of the notes, an entry per pattern.
// Says which pattern is current; a group heading is no pattern.
class CataloguePane : public QTreeWidget
{
    Q_OBJECT
public:
    explicit CataloguePane(const PatternCatalogue *catalogue, QWidget *parent = nullptr);

    // Selects a catalogue entry by id; false if there is none.
    bool selectPattern(const QString &id);
    QString selectedPattern() const; // empty on a group heading or nothing
    void selectFirstPattern();

    void retranslateUi(); // the titles in Translations::current()

Q_SIGNALS:
    void patternChanged(const QString &id); // empty for a group heading

private:
    const PatternCatalogue *m_catalogue;
};
