// The demo generator's market model. FICTITIOUS: rounded impressions of which systems Danish
// municipalities run and how often, chosen so the dashboards show realistic concentration
// (Microsoft and KMD everywhere, a few Danish vendors per function area, OS2 products in some
// municipalities). Patterns match catalogue product names; a pattern without a match is skipped.

import type { FunctionTerm } from '../domain/vocabulary.ts';

export interface Slot {
  /** The function area (category code) the slot fills; used when no pattern matches. */
  area: string | null;
  /** Probability that a municipality has this slot at all. */
  presence: number;
  /** Take every matching product (a suite) instead of one by weight. */
  all?: boolean;
  shares: { match: RegExp; weight: number }[];
}

const one = (area: string | null, presence: number, shares: [RegExp, number][]): Slot => ({
  area,
  presence,
  shares: shares.map(([match, weight]) => ({ match, weight })),
});
const suite = (area: string | null, presence: number, matches: RegExp[]): Slot => ({
  area,
  presence,
  all: true,
  shares: matches.map((match) => ({ match, weight: 1 })),
});

export const DEMO_SLOTS: Slot[] = [
  // Office and collaboration: Microsoft 365 almost everywhere, Google Workspace in schools.
  suite('dk-office-suite', 0.96, [
    /^Microsoft 365 \(suite\)$/, /^Microsoft Word$/, /^Microsoft Excel$/, /^Microsoft PowerPoint$/, /^Microsoft Outlook$/,
    /^Microsoft Exchange/, /^Microsoft SharePoint$/, /^Microsoft OneDrive$/, /^Microsoft Teams \(chat\)$/,
    /^Microsoft Teams \(meetings\)$/, /^Microsoft Entra ID/, /^Microsoft Forms$/, /^Microsoft Planner$/,
  ]),
  suite('dk-office-suite', 0.35, [/^Google Workspace/, /^Google Docs/, /^Google Drive$/, /^Google Meet$/]),
  one('dk-office-suite', 0.12, [[/^LibreOffice$/, 1]]),
  one('dk-collaboration', 0.08, [[/^Nextcloud Hub$/, 1]]),
  one('dk-telephony', 0.5, [[/^Microsoft Teams Phone$/, 1]]),
  // Infrastructure and platforms.
  suite('dk-infrastructure', 0.98, [/^Microsoft Windows Server$/, /^Microsoft Active Directory Domain Services$/, /^Microsoft Windows 10\/11/, /^Microsoft SQL Server$/]),
  one('dk-infrastructure', 0.85, [[/^VMware vSphere/, 1]]),
  one('dk-infrastructure', 0.7, [[/^Microsoft Azure \(IaaS\/PaaS\)$/, 1]]),
  one('dk-infrastructure', 0.15, [[/^Amazon Web Services/, 1]]),
  one('dk-infrastructure', 0.05, [[/^Google Cloud Platform$/, 1]]),
  one('dk-database', 0.4, [[/^Oracle Database$/, 1]]),
  one('dk-database', 0.25, [[/^PostgreSQL$/, 1]]),
  one('dk-client-management', 0.6, [[/^Citrix Virtual Apps/, 1]]),
  one('dk-client-management', 0.75, [[/^Microsoft Intune$/, 3], [/^Microsoft Configuration Manager/, 2]]),
  one('dk-network-security', 0.7, [[/^Fortinet FortiGate$/, 1], [/^Cisco Secure Client/, 1]]),
  one('dk-network-security', 0.55, [[/^Microsoft Defender Antivirus$/, 1]]),
  one('dk-network-security', 0.3, [[/^Microsoft Sentinel/, 2], [/^Splunk Enterprise$/, 1]]),
  one('dk-infrastructure', 0.75, [[/^Veeam Backup/, 1]]),
  one('dk-it-service-management', 0.8, [[/^TOPdesk$/, 5], [/^ServiceNow ITSM$/, 2], [/^Jira Service Management$/, 2]]),
  one('dk-it-service-management', 0.55, [[/^OS2kitos/, 1]]),
  one('dk-bi-analytics', 0.8, [[/^Microsoft Power BI$/, 4], [/^Tableau$/, 1]]),
  // Identity.
  one('dk-identity', 0.45, [[/^OS2rollekatalog$/, 1]]),
  one('dk-identity', 0.35, [[/^OS2faktor$/, 1]]),
  one('dk-identity', 0.3, [[/^Omada Identity$/, 1], [/^Microsoft Identity Manager$/, 1], [/^Safewhere Identify$/, 1]]),
  one('dk-identity', 0.4, [[/^Microsoft AD FS$/, 1]]),
  // The shared municipal (fælleskommunale) systems and national solutions.
  suite('dk-integration-platform', 1, [/^Serviceplatformen$/, /^Beskedfordeler$/, /^Støttesystemet Organisation/, /^Fælleskommunal Adgangsstyring/, /^SAPA /, /^FLIS /]),
  suite('dk-benefits', 1, [/^Kommunernes Ydelsessystem/, /^Kommunernes Sygedagpengesystem/]),
  suite('dk-digital-post', 1, [/^Digital Post/, /^MitID Erhverv$/, /^NemLog-in$/, /^borger\.dk$/]),
  suite('dk-school', 1, [/^Aula$/, /^UNI-login$/]),
  one('dk-school', 0.6, [[/^MinUddannelse$/, 1]]),
  one('dk-school', 0.2, [[/^OS2skoledata$/, 1]]),
  one('dk-children-family', 0.9, [[/^DUBU /, 1]]),
  // Function areas with competing Danish vendors.
  one('dk-esdh', 1, [[/^SBSYS$/, 30], [/^Formpipe Acadre$/, 22], [/^KMD WorkZone$/, 20], [/^F2$/, 10], [/^Netcompany GetOrganized$/, 10], [/^Captia$/, 8]]),
  one('dk-economy', 1, [[/^KMD Opus Økonomi$/, 55], [/^Fujitsu Prisme/, 45]]),
  one('dk-payroll-hr', 1, [[/^KMD Opus Løn/, 60], [/^Silkeborg Data SD Løn$/, 40]]),
  one('dk-elder-care', 1, [[/^KMD Nexus$/, 75], [/^Systematic Columna Cura$/, 25]]),
  one('dk-employment', 1, [[/^KMD Momentum$/, 70], [/^Schultz Fasit$/, 30]]),
  one('dk-social', 0.85, [[/^EG Sensum Bosted$/, 1]]),
  one('dk-library', 0.95, [[/^Systematic Cicero/, 1]]),
  one('dk-elections', 0.9, [[/^KMD Valg/, 80], [/^OS2valghalla$/, 20]]),
  one('dk-building-technical', 0.9, [[/^Byg og Miljø$/, 1]]),
  one('dk-gis', 0.85, [[/^Esri ArcGIS Enterprise/, 3], [/^Esri ArcGIS Pro$/, 2], [/^QGIS$/, 2]]),
  one('dk-intranet-web', 0.9, [[/^Umbraco CMS$/, 4], [/^Drupal$/, 2], [/^Sitecore Experience Platform$/, 2]]),
  one('dk-intranet-web', 0.5, [[/^Siteimprove Analytics$/, 1]]),
  one('dk-self-service', 0.35, [[/^OS2forms$/, 1]]),
  one('dk-self-service', 0.6, [[/^Rambøll SurveyXact$/, 1]]),
  one('dk-client-management', 0.25, [[/^OS2borgerPC$/, 1]]),
  one(null, 0.55, [[/^Adobe Acrobat Pro$/, 1]]),
  one(null, 0.45, [[/^Penneo$/, 2], [/^DocuSign eSignature$/, 1]]),
  one(null, 0.35, [[/^UiPath$/, 2], [/^Blue Prism$/, 1]]),
  one(null, 0.3, [[/^OS2datascanner$/, 1]]),
  one(null, 0.3, [[/^Neupart SecureAware/, 1]]),
  one(null, 0.25, [[/^OS2display$/, 1]]),
  one(null, 0.2, [[/^OS2iot$/, 1]]),
  one(null, 0.5, [[/^Zoom Workplace/, 2], [/^Cisco Webex Meetings$/, 1]]),
];

/** The long tail of specialist systems, named by function; each gets "(demo)" in its name. */
export const NICHE_FUNCTIONS: { name: string; area: string | null }[] = [
  ['Parkeringskontrol', null], ['Hunderegister', null], ['Skadedyrsbekæmpelse', 'dk-building-technical'],
  ['Vejvedligehold', 'dk-building-technical'], ['Vintertjeneste', 'dk-building-technical'], ['Affaldsplanlægning', 'dk-building-technical'],
  ['Renovationsbooking', 'dk-booking'], ['Lokalebooking', 'dk-booking'], ['Hallbooking', 'dk-booking'], ['Bilbooking', 'dk-booking'],
  ['Mødelokalebooking', 'dk-booking'], ['Kursusadministration', 'dk-payroll-hr'], ['Rekruttering', 'dk-payroll-hr'],
  ['Medarbejdertrivsel', 'dk-payroll-hr'], ['Vagtplanlægning', 'dk-payroll-hr'], ['Tidsregistrering', 'dk-payroll-hr'],
  ['Arbejdsmiljø og APV', 'dk-payroll-hr'], ['Sygefraværsopfølgning', 'dk-payroll-hr'], ['Lønsimulering', 'dk-payroll-hr'],
  ['Budgetlægning', 'dk-economy'], ['Indkøbssystem', 'dk-economy'], ['E-handel', 'dk-economy'], ['Fakturascanning', 'dk-economy'],
  ['Debitorstyring', 'dk-economy'], ['Ejendomsskat', 'dk-economy'], ['Kontraktstyring', 'dk-economy'], ['Aktivregister', 'dk-economy'],
  ['Leasingadministration', 'dk-economy'], ['Ejendomsadministration', 'dk-building-technical'], ['Energistyring', 'dk-building-technical'],
  ['Bygningsvedligehold', 'dk-building-technical'], ['Tilsyn med byggeri', 'dk-building-technical'], ['Miljøtilsyn', 'dk-building-technical'],
  ['Spildevandsregister', 'dk-building-technical'], ['Grundvandsovervågning', 'dk-gis'], ['Naturregister', 'dk-gis'],
  ['Træregister', 'dk-gis'], ['Matrikelopslag', 'dk-gis'], ['Lokalplanregister', 'dk-gis'], ['Adresseregister', 'dk-gis'],
  ['Kortlægning af støj', 'dk-gis'], ['Trafiktælling', 'dk-gis'], ['Kollektiv trafik-planlægning', null], ['Kørselsordning', 'dk-social'],
  ['Befordring af elever', 'dk-school'], ['Skoleindskrivning', 'dk-school'], ['Skoleplanlægning', 'dk-school'], ['Skemalægning', 'dk-school'],
  ['Elevplaner', 'dk-school'], ['Læringsplatform', 'dk-school'], ['Specialundervisning', 'dk-school'], ['Skolesundhed', 'dk-health'],
  ['Ungdomsskole', 'dk-school'], ['Musikskole', 'dk-school'], ['Pladsanvisning', 'dk-daycare'], ['Dagtilbudsportal', 'dk-daycare'],
  ['Sprogvurdering', 'dk-daycare'], ['Dagplejeadministration', 'dk-daycare'], ['Tilsyn med dagtilbud', 'dk-daycare'],
  ['Sundhedsplejejournal', 'dk-health'], ['Tandplejejournal', 'dk-health'], ['Genoptræning', 'dk-health'], ['Hjælpemiddeldepot', 'dk-elder-care'],
  ['Madservice', 'dk-elder-care'], ['Nødkald', 'dk-elder-care'], ['Ruteplanlægning hjemmepleje', 'dk-elder-care'], ['Medicinhåndtering', 'dk-health'],
  ['Plejehjemsvisitation', 'dk-elder-care'], ['Demenskoordinering', 'dk-elder-care'], ['Velfærdsteknologi', 'dk-elder-care'],
  ['Misbrugsbehandling', 'dk-social'], ['Bostøtte', 'dk-social'], ['Botilbudsadministration', 'dk-social'], ['Handicapkørsel', 'dk-social'],
  ['Socialtilsyn', 'dk-social'], ['Familiebehandling', 'dk-children-family'], ['Plejefamilier', 'dk-children-family'],
  ['Børne- og ungeydelser', 'dk-children-family'], ['Underretninger', 'dk-children-family'], ['PPR-journal', 'dk-children-family'],
  ['Jobcenterkalender', 'dk-employment'], ['Virksomhedsservice', 'dk-employment'], ['Integrationsydelse', 'dk-employment'],
  ['Danskuddannelse', 'dk-employment'], ['Flexjob', 'dk-employment'], ['Ressourceforløb', 'dk-employment'], ['Førtidspension', 'dk-benefits'],
  ['Boligstøtte', 'dk-benefits'], ['Personlige tillæg', 'dk-benefits'], ['Begravelseshjælp', 'dk-benefits'], ['Kontanthjælp', 'dk-benefits'],
  ['Opkrævning af restancer', 'dk-economy'], ['Borgerservice-kø', 'dk-citizen-service'], ['Tidsbestilling borgerservice', 'dk-citizen-service'],
  ['Pas og kørekort', 'dk-citizen-service'], ['Folkeregister-opslag', 'dk-citizen-service'], ['Sygesikring', 'dk-citizen-service'],
  ['Digital selvbetjening', 'dk-self-service'], ['Formularløsning', 'dk-self-service'], ['Chatbot', 'dk-self-service'],
  ['Borgerhenvendelser', 'dk-citizen-service'], ['Høringsportal', 'dk-self-service'], ['Nyhedsbrev', 'dk-intranet-web'],
  ['Intranet', 'dk-intranet-web'], ['Hjemmeside', 'dk-intranet-web'], ['Webtilgængelighed', 'dk-intranet-web'],
  ['Politisk mødesystem', 'dk-esdh'], ['Dagsordener og referater', 'dk-esdh'], ['Arkivering til Rigsarkivet', 'dk-esdh'],
  ['Postsortering', 'dk-esdh'], ['Scanning', 'dk-esdh'], ['E-signatur', 'dk-esdh'], ['Aktindsigt', 'dk-esdh'], ['Klagesager', 'dk-esdh'],
  ['Whistleblowerordning', null], ['Persondata-overblik', null], ['Databehandleraftaler', null], ['Informationssikkerhed', 'dk-network-security'],
  ['Logovervågning', 'dk-network-security'], ['Sårbarhedsscanning', 'dk-network-security'], ['Mobilenheder', 'dk-client-management'],
  ['Printerstyring', 'dk-printing'], ['Udskrivning og kopi', 'dk-printing'], ['Telefoni og omstilling', 'dk-telephony'],
  ['Call center', 'dk-telephony'], ['SMS-service', 'dk-telephony'], ['Videotolkning', 'dk-video-meetings'], ['Skærmmøder med borgere', 'dk-video-meetings'],
  ['Beredskab og krisestyring', null], ['Brandsyn', null], ['Kirkegårdsadministration', null], ['Havneadministration', null],
  ['Fritidsportal', 'dk-booking'], ['Foreningstilskud', null], ['Kulturkalender', 'dk-intranet-web'], ['Museumsregistrering', 'dk-library'],
  ['Lokalhistorisk arkiv', 'dk-library'], ['E-bøger', 'dk-library'], ['Biblioteksbetaling', 'dk-library'], ['Ledelsesinformation', 'dk-bi-analytics'],
  ['Datavarehus', 'dk-bi-analytics'], ['Økonomirapportering', 'dk-bi-analytics'], ['Budgetopfølgning', 'dk-bi-analytics'],
  ['Integrationsplatform', 'dk-integration-platform'], ['Filoverførsel', 'dk-integration-platform'], ['Robotprocesautomatisering', null],
  ['Projektstyring', null], ['Porteføljestyring', null], ['Forsikringsadministration', 'dk-economy'], ['Flådestyring', null],
  ['Vejbelysning', 'dk-building-technical'], ['Ledningsregistrering', 'dk-gis'], ['Byggesagsarkiv', 'dk-building-technical'],
  ['Jordforureningsregister', 'dk-gis'], ['Landbrugstilsyn', 'dk-building-technical'], ['Vandløbsvedligehold', 'dk-building-technical'],
  ['Skoleadministration', 'dk-school'], ['Elevfravær', 'dk-school'], ['Vikardækning', 'dk-school'], ['Klubtilmelding', 'dk-school'],
  ['Frokostordning', 'dk-daycare'], ['Opkrævning af forældrebetaling', 'dk-daycare'], ['Udbetaling af tilskud', 'dk-economy'],
  ['Betalingsløsning', 'dk-economy'], ['Kassesystem', 'dk-economy'], ['Ejendomsvurdering', 'dk-economy'], ['Lejekontrakter', 'dk-economy'],
  ['Visitation til hjemmepleje', 'dk-elder-care'], ['Træningsregistrering', 'dk-health'], ['Forebyggelse', 'dk-health'],
  ['Rygestop', 'dk-health'], ['Alkoholbehandling', 'dk-health'], ['Psykiatrisk bostøtte', 'dk-social'], ['Hjemløseindsats', 'dk-social'],
].map(([name, area]) => ({ name: name as string, area: area as string | null }));

/** Who supplies the long tail: Danish specialist vendors dominate, with KMD and EG largest. */
export const NICHE_SUPPLIERS: { match: RegExp; weight: number }[] = [
  { match: /^KMD A\/S$/, weight: 20 },
  { match: /^EG A\/S$/, weight: 16 },
  { match: /^Netcompany A\/S$/, weight: 8 },
  { match: /^Systematic A\/S$/, weight: 7 },
  { match: /^Schultz$/, weight: 5 },
  { match: /^Fujitsu A\/S$/, weight: 4 },
  { match: /^Formpipe Software A\/S$/, weight: 3 },
  { match: /^Visma AS$/, weight: 5 },
  { match: /^cBrain A\/S$/, weight: 2 },
  { match: /^Columbus A\/S$/, weight: 3 },
  { match: /^Netic A\/S$/, weight: 3 },
  { match: /^Trifork/, weight: 3 },
  { match: /^twoday$/, weight: 4 },
  { match: /^Atea A\/S$/, weight: 3 },
  { match: /^CGI Danmark A\/S$/, weight: 2 },
  { match: /^Tietoevry/, weight: 2 },
  { match: /^Capgemini Danmark/, weight: 2 },
  { match: /^Magenta ApS$/, weight: 2 },
  { match: /^STRONGMINDS$/, weight: 2 },
  { match: /^Ditmer$/, weight: 2 },
  { match: /^Rambøll$/, weight: 2 },
  { match: /^Microsoft Danmark ApS$/, weight: 3 },
  { match: /^SAP Danmark A\/S$/, weight: 1 },
  { match: /^Salesforce, Inc\.$/, weight: 1 },
];

/**
 * What the long tail's fictitious products do, as function terms (issue #14: exit paths match by
 * task): only where the product's own name states the task ("Rekruttering" → hr, "Kontanthjælp" →
 * ydelsessystem); the others stay without a term, and so without a task match — as a real product
 * the catalogue knows nothing about would. The demo loader stores them in product_functions.
 */
export const NICHE_TASKS: Readonly<Record<string, readonly FunctionTerm[]>> = {
  Rekruttering: ['hr'], Kursusadministration: ['hr'], Tidsregistrering: ['tidsregistrering'], Lønsimulering: ['lønsystem'],
  Budgetlægning: ['økonomisystem'], Debitorstyring: ['økonomisystem'], 'Opkrævning af restancer': ['økonomisystem'],
  'Tilsyn med byggeri': ['byggesagsbehandling'], Byggesagsarkiv: ['byggesagsbehandling'],
  Læringsplatform: ['læringsplatform'], Medicinhåndtering: ['medicinhåndtering'],
  Familiebehandling: ['børnesager'], Plejefamilier: ['børnesager'], Underretninger: ['børnesager'],
  Kontanthjælp: ['ydelsessystem'], Førtidspension: ['ydelsessystem'], Boligstøtte: ['ydelsessystem'], 'Personlige tillæg': ['ydelsessystem'],
  Begravelseshjælp: ['ydelsessystem'], Integrationsydelse: ['ydelsessystem'],
  Flexjob: ['beskæftigelsessystem'], Ressourceforløb: ['beskæftigelsessystem'], Jobcenterkalender: ['beskæftigelsessystem'], Virksomhedsservice: ['beskæftigelsessystem'],
  'Digital selvbetjening': ['selvbetjening'], Formularløsning: ['formularer', 'selvbetjening'], Høringsportal: ['høringsportal'], 'E-signatur': ['e-signatur'],
  Borgerhenvendelser: ['crm'], Intranet: ['intranet'], Hjemmeside: ['hjemmeside-cms'], Klagesager: ['sagsbehandling'],
  Whistleblowerordning: ['whistleblowerordning'], Informationssikkerhed: ['informationssikkerhed'], Logovervågning: ['siem'],
  Sårbarhedsscanning: ['informationssikkerhed'], Mobilenheder: ['mobilenhedsstyring'],
  'Telefoni og omstilling': ['telefoni'], 'Call center': ['telefoni'], Videotolkning: ['videomøder'], 'Skærmmøder med borgere': ['videomøder'],
  Ledelsesinformation: ['bi-rapportering', 'dashboards'], Datavarehus: ['dataanalyse'], Økonomirapportering: ['bi-rapportering'], Budgetopfølgning: ['bi-rapportering'],
  Integrationsplatform: ['integrationsplatform'], Robotprocesautomatisering: ['rpa'], Projektstyring: ['projektstyring'], Flådestyring: ['flådestyring'],
};
