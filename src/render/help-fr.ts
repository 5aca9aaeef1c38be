/** The help of `ar` in French, by its English text (src/cli.ts); the tests check that none is missing. */
export const HELP_FR: Readonly<Record<string, string>> = {
  "Accounts receivable from your spreadsheets: aged balance, reminders, DSO, cost of unpaid invoices.":
    "Le poste clients depuis vos tableurs : balance âgée, relances, DSO, coût des impayés.",
  "output the version number":
    "affiche le numéro de version",
  "display help for command":
    "affiche l'aide de la commande",
  "(run with --help for usage)":
    "(--help pour l'aide)",
  "the aged balance (balance âgée) per customer and in total, as of a date":
    "la balance âgée par client et au total, à une date",
  "invoice ledger (same as --invoices), or e-invoices: a folder, .xml/.pdf files":
    "journal des factures (comme --invoices), ou factures électroniques : un dossier, des fichiers .xml/.pdf",
  "invoice ledger: CSV/TSV/TXT or XLSX (file.xlsx#Sheet); e-invoices: a folder or an .xml/.pdf file":
    "journal des factures : CSV/TSV/TXT ou XLSX (fichier.xlsx#Feuille) ; factures électroniques : un dossier ou un fichier .xml/.pdf",
  "payments ledger: CSV or XLSX":
    "journal des règlements : CSV ou XLSX",
  "customers file: CSV or XLSX (names, terms, e-mail)":
    "fichier clients : CSV ou XLSX (noms, conditions de paiement, e-mail)",
  "the date of the balance, YYYY-MM-DD (default: today)":
    "la date de la balance, AAAA-MM-JJ (par défaut : aujourd'hui)",
  "config file (default: ./ar.config.json when present)":
    "fichier de configuration (par défaut : ./ar.config.json s'il existe)",
  "language of the output (default: from LANG)":
    "langue de la sortie (par défaut : selon LANG)",
  "go on without rejected rows, and list them in every output":
    "continuer sans les lignes rejetées, listées dans chaque sortie",
  "output format":
    "format de sortie",
  "age by due date or by invoice date":
    "âge par date d'échéance ou par date de facture",
  "bucket boundaries in days (default: 30,60,90)":
    "bornes des tranches en jours (par défaut : 30,60,90)",
  "show one customer's open items":
    "afficher les pièces ouvertes d'un client",
  "also write the Excel report to this file":
    "écrire aussi le rapport Excel dans ce fichier",
  "\nExamples:\n  $ ar aging factures.csv --payments reglements.csv --as-of 2026-10-31\n  $ ar aging grand-livre.xlsx#Factures --payments grand-livre.xlsx#Règlements --format json\n  $ ar aging --invoices factures.csv --payments reglements.csv --buckets 30,60,90,120 --xlsx balance.xlsx\n  $ ar aging factures.csv --payments reglements.csv --customer C013\n  $ ar aging factures-electroniques/ --payments reglements.csv   # UBL, CII, Factur-X PDFs\n  $ ar aging 812345678FEC20261231.txt --customers clients.csv      (a FEC: invoices and payments at once)\n  $ ar aging factures.csv --payments releve.xml --customers clients.csv   (a CAMT.053 or bank CSV statement)\n\nExit codes: 0 ok, 1 usage error, 2 invalid input (rejected rows are listed, one per line).":
    "\nExemples :\n  $ ar aging factures.csv --payments reglements.csv --as-of 2026-10-31\n  $ ar aging grand-livre.xlsx#Factures --payments grand-livre.xlsx#Règlements --format json\n  $ ar aging --invoices factures.csv --payments reglements.csv --buckets 30,60,90,120 --xlsx balance.xlsx\n  $ ar aging factures.csv --payments reglements.csv --customer C013\n  $ ar aging factures-electroniques/ --payments reglements.csv   # UBL, CII, PDF Factur-X\n  $ ar aging 812345678FEC20261231.txt --customers clients.csv      (un FEC : factures et règlements à la fois)\n  $ ar aging factures.csv --payments releve.xml --customers clients.csv   (un relevé CAMT.053 ou CSV de la banque)\n\nCodes de sortie : 0 ok, 1 erreur d'utilisation, 2 données invalides (les lignes rejetées sont listées, une par ligne).",
  "what an unpaid invoice costs: the extra revenue to absorb it, the margin after it":
    "ce que coûte un impayé : le chiffre d'affaires supplémentaire pour l'absorber, la marge après lui",
  "an invoice number of the ledger (its open amount as of --as-of)":
    "un numéro de facture du journal (son reste dû à la date --as-of)",
  "the unpaid amount (TTC), instead of an invoice":
    "le montant impayé (TTC), au lieu d'une facture",
  "annual revenue excl. VAT (default: the ledger’s last 12 months excl. VAT, else \"revenue\" in the config)":
    "chiffre d'affaires annuel HT (par défaut : celui des 12 derniers mois du journal, HT, sinon « revenue » de la configuration)",
  "net margin rate: 5% or 0.05 (a bare 5 is refused) (default: \"margin\" in the config)":
    "taux de marge nette : 5% ou 0.05 (un 5 seul est refusé) (par défaut : « margin » de la configuration)",
  "the VAT is recoverable: the loss excludes it (default rate: \"vatRate\" in the config, else the country’s: FR 20%, BE 21%)":
    "la TVA est récupérable : la perte l'exclut (taux par défaut : « vatRate » de la configuration, sinon celui du pays : FR 20 %, BE 21 %)",
  "share paid by a credit insurer, e.g. 90%":
    "part payée par l'assureur-crédit, par ex. 90%",
  "the credit insurer’s deductible":
    "la franchise de l'assureur-crédit",
  "share a collection is expected to recover":
    "part qu'un recouvrement devrait récupérer",
  "the firm’s annual cost of credit, with --days-late: the cost of waiting":
    "le coût annuel du crédit de l'entreprise, avec --days-late : le coût de l'attente",
  "days the invoice is paid late, with --cost-of-credit":
    "jours de retard de paiement de la facture, avec --cost-of-credit",
  "the expected credit loss of the whole aged balance (provision matrix)":
    "la perte de crédit attendue de toute la balance âgée (matrice de provisionnement)",
  "with --portfolio: loss rates from the ledger’s own written-off invoices":
    "avec --portfolio : taux de perte tirés des factures passées en perte du journal",
  "the currency, with --portfolio (default: EUR or the config’s)":
    "la devise, avec --portfolio (par défaut : EUR ou celle de la configuration)",
  "with --portfolio: bucket boundaries in days (default: \"buckets\" in the config, else 30,60,90)":
    "avec --portfolio : bornes des tranches en jours (par défaut : « buckets » de la configuration, sinon 30,60,90)",
  "\nExamples:\n  $ ar impact --amount 12000 --revenue 1200000 --margin 5%\n  $ ar impact FA2026-00195 --invoices factures.csv --payments reglements.csv --margin 5% --vat 20%\n  $ ar impact --amount 12000 --revenue 1200000 --margin 5% --insured 90% --deductible 1500 --recovery 30%\n  $ ar impact --portfolio --invoices factures.csv --payments reglements.csv --margin 5% --format csv\nRates: 5% or 0.05 (a bare number above 1, such as 5, is refused).":
    "\nExemples :\n  $ ar impact --amount 12000 --revenue 1200000 --margin 5%\n  $ ar impact FA2026-00195 --invoices factures.csv --payments reglements.csv --margin 5% --vat 20%\n  $ ar impact --amount 12000 --revenue 1200000 --margin 5% --insured 90% --deductible 1500 --recovery 30%\n  $ ar impact --portfolio --invoices factures.csv --payments reglements.csv --margin 5% --format csv\nTaux : 5% ou 0.05 (un nombre seul au-dessus de 1, comme 5, est refusé).",
  "DSO (standard, countback, best possible), days delinquent, CEI, 12-month trend":
    "DSO (standard, par épuisement, meilleur possible), jours de retard, CEI, tendance sur 12 mois",
  "the DSO window in days (default 90)":
    "la fenêtre du DSO en jours (par défaut 90)",
  "\nExamples:\n  $ ar dso factures.csv --payments reglements.csv --as-of 2026-10-31\n  $ ar dso factures.csv --payments reglements.csv --period 365 --format json\n  $ ar dso factures.csv --payments reglements.csv --format csv > dso.csv\n":
    "\nExemples :\n  $ ar dso factures.csv --payments reglements.csv --as-of 2026-10-31\n  $ ar dso factures.csv --payments reglements.csv --period 365 --format json\n  $ ar dso factures.csv --payments reglements.csv --format csv > dso.csv\n",
  "payment behaviour, credit use and risk grade A–E per customer, worst first":
    "comportement de paiement, encours autorisé utilisé et note de risque A–E par client, les pires d'abord",
  "the order of day and month of the ledgers' dates (default: read from the dates)":
    "l'ordre du jour et du mois des dates des fichiers (par défaut : lu dans les dates)",
  "the journal of contacts and disputes (default: ar.db in the working folder, or \"journal\" in the config)":
    "le journal des contacts et des litiges (par défaut : ar.db dans le dossier de travail, ou « journal » de la configuration)",
  "\nExamples:\n  $ ar customers factures.csv --payments reglements.csv --customers clients.csv\n  $ ar customers factures.csv --payments reglements.csv --format csv > clients-risque.csv\n":
    "\nExemples :\n  $ ar customers factures.csv --payments reglements.csv --customers clients.csv\n  $ ar customers factures.csv --payments reglements.csv --format csv > clients-risque.csv\n",
  "send the right reminder, at the right level, exactly once (a dry run unless --outbox or --send)":
    "envoyer la bonne relance, au bon niveau, une seule fois (simulation sauf --outbox ou --send)",
  "send over SMTP (AR_SMTP_URL, AR_SMTP_FROM)":
    "envoyer par SMTP (AR_SMTP_URL, AR_SMTP_FROM)",
  "write each message as an .eml file instead of sending":
    "écrire chaque message dans un fichier .eml au lieu de l'envoyer",
  "resend the messages a killed run left uncertain":
    "renvoyer les messages qu'une exécution interrompue a laissés incertains",
  "\nExamples:\n  $ ar remind --customers clients.csv                       # dry run: who would get what, and why not the others\n  $ ar remind --customers clients.csv --outbox relances/    # .eml files to check and send from your mail client\n  $ AR_SMTP_URL=smtps://user:pass@smtp.example.com AR_SMTP_FROM='\"Atelier Durand\" <compta@durand.example>' \\\n      ar remind --customers clients.csv --send               # from cron, every morning\n\nExit codes: 0 all done, 1 usage error, 2 invalid input, 3 some messages failed (or the server was unreachable),\n4 another run holds the journal.":
    "\nExemples :\n  $ ar remind --customers clients.csv                       # simulation : qui recevrait quoi, et pourquoi pas les autres\n  $ ar remind --customers clients.csv --outbox relances/    # des .eml à vérifier et envoyer depuis votre messagerie\n  $ AR_SMTP_URL=smtps://user:pass@smtp.example.com AR_SMTP_FROM='\"Atelier Durand\" <compta@durand.example>' \\\n      ar remind --customers clients.csv --send               # depuis cron, chaque matin\n\nCodes de sortie : 0 tout est fait, 1 erreur d'utilisation, 2 données invalides, 3 des messages ont échoué (ou le\nserveur était injoignable), 4 une autre exécution tient le journal.",
  "put an invoice in dispute: no reminder for it until the dispute is closed":
    "mettre une facture en litige : plus de relance pour elle jusqu'à la clôture du litige",
  "invoice number":
    "numéro de facture",
  "the journal (default: ar.db)":
    "le journal (par défaut : ar.db)",
  "language of the output":
    "langue de la sortie",
  "invoice ledger to check the name against (default: \"invoices\" in the config)":
    "journal des factures pour vérifier le nom (par défaut : « invoices » de la configuration)",
  "customers file (default: \"customers\" in the config)":
    "fichier clients (par défaut : « customers » de la configuration)",
  "why the customer disputes it":
    "pourquoi le client la conteste",
  "the customer, for the log":
    "le client, pour le journal",
  "close the dispute: reminders resume":
    "clore le litige : les relances reprennent",
  "\nExamples:\n  $ ar dispute FA2026-00085 --reason \"livraison incomplète\"\n  $ ar dispute FA2026-00085 --close\n":
    "\nExemples :\n  $ ar dispute FA2026-00085 --reason \"livraison incomplète\"\n  $ ar dispute FA2026-00085 --close\n",
  "record a promise to pay: no reminder until the date; if it lapses unpaid, the next level goes":
    "enregistrer une promesse de paiement : pas de relance jusqu'à la date ; si elle échoit impayée, le niveau suivant part",
  "an invoice number or a customer id":
    "un numéro de facture ou un code client",
  "the promised amount (recorded in the journal, informational)":
    "le montant promis (noté dans le journal, pour information)",
  "the customer: the same id as the target for a customer's promise, its customer for an invoice's":
    "le client : le même code que la cible pour la promesse d'un client, son client pour celle d'une facture",
  "\nExamples:\n  $ ar promise FA2026-00231 --until 2026-11-30\n  $ ar promise C013 --until 2026-11-15 --amount 5000\n":
    "\nExemples :\n  $ ar promise FA2026-00231 --until 2026-11-30\n  $ ar promise C013 --until 2026-11-15 --amount 5000\n",
  "write a note in the journal (a call, a letter, an agreement)":
    "écrire une note dans le journal (un appel, un courrier, un accord)",
  "customer id":
    "code client",
  "the note":
    "la note",
  "\nExample:\n  $ ar note C013 \"Appel du gérant : règlement de 5 000 EUR promis fin novembre\"\n":
    "\nExemple :\n  $ ar note C013 \"Appel du gérant : règlement de 5 000 EUR promis fin novembre\"\n",
  "the history of contacts, for everyone or one customer":
    "l'historique des contacts, pour tous ou pour un client",
  "\nExamples:\n  $ ar log\n  $ ar log C013 --format json\n":
    "\nExemples :\n  $ ar log\n  $ ar log C013 --format json\n",
  "\nExamples:\n  $ ar aging factures.csv --payments reglements.csv --as-of 2026-10-31\n  $ ar remind --customers clients.csv --send\n  $ ar aging --help\n\nExit codes: 0 ok, 1 usage error, 2 invalid input, 3 some messages not delivered, 4 journal locked by another run.":
    "\nExemples :\n  $ ar aging factures.csv --payments reglements.csv --as-of 2026-10-31\n  $ ar remind --customers clients.csv --send\n  $ ar aging --help\n\nCodes de sortie : 0 ok, 1 erreur d'utilisation, 2 données invalides, 3 des messages non remis, 4 journal tenu par\nune autre exécution.",
  "Usage:":
    "Utilisation :",
  "Options:":
    "Options :",
  "Commands:":
    "Commandes :",
  "Arguments:":
    "Arguments :",
  "the registered letter of formal notice (mise en demeure) for a customer, as a PDF":
    "la lettre recommandée de mise en demeure d'un client, en PDF",
  "where the PDF goes (default: \"letters\" in the config, else ./letters)":
    "où écrire le PDF (par défaut : \"letters\" dans la config, sinon ./letters)",
  "the currency of the debt, when the customer owes in several":
    "la devise de la dette, quand le client doit en plusieurs",
  "\nExamples:\n  $ ar letter C013\n  $ ar letter C013 --as-of 2026-11-30 --outbox lettres/\n":
    "\nExemples :\n  $ ar letter C013\n  $ ar letter C013 --as-of 2026-11-30 --outbox lettres/\n",
  "the dossier for a collection agency or a court (XLSX and PDF), once per debt":
    "le dossier pour une société de recouvrement ou le tribunal (XLSX et PDF), une fois par dette",
  "every customer whose last notice has expired":
    "tous les clients dont le dernier avis a expiré",
  "write a dossier for invoices already handed over":
    "écrire un dossier pour des factures déjà transmises",
  "where the dossiers go (default: ./dossiers)":
    "où écrire les dossiers (par défaut : ./dossiers)",
  "\nExamples:\n  $ ar escalate C013\n  $ ar escalate --all --out recouvrement/\n":
    "\nExemples :\n  $ ar escalate C013\n  $ ar escalate --all --out recouvrement/\n",
  "the promised date: 2026-11-30, 30/11/2026, 30.11.2026 or 20261130":
    "la date promise : 2026-11-30, 30/11/2026, 30.11.2026 ou 20261130",
};
