// Every rule the engine can fire, with a stable id and Danish + English text. Scores cite these
// ids; docs/methodology.md lists the same table so an architect can follow a score by hand.

export interface Text {
  da: string;
  en: string;
}

export const rules = {
  // F1 Data portability
  'F1.full-open-tested': { da: 'Fuld eksport i åbne, dokumenterede formater, testet inden for 12 måneder', en: 'Full export in open, documented formats, tested within 12 months' },
  'F1.full-open-untested': { da: 'Fuld eksport i åbne formater, men ikke testet inden for 12 måneder', en: 'Full export in open formats, not tested within 12 months' },
  'F1.full-vendor-format': { da: 'Fuld eksport i et dokumenteret leverandørformat', en: 'Full export in a documented vendor format' },
  'F1.partial-open': { da: 'Delvis eksport i åbne formater', en: 'Partial export in open formats' },
  'F1.full-undocumented': { da: 'Fuld eksport, men i et udokumenteret format', en: 'Full export, but in an undocumented format' },
  'F1.partial-closed': { da: 'Kun delvis eksport i leverandør- eller udokumenteret format', en: 'Partial export only, in a vendor or undocumented format' },
  'F1.paid-service': { da: 'Eksport kun som betalt leverandørydelse', en: 'Export only as a paid vendor service' },
  'F1.none': { da: 'Ingen ret eller mulighed for eksport', en: 'No export right or capability' },
  'F1.unknown': { da: 'Eksportmulighed ukendt: tæller som ingen eksport', en: 'Export capability unknown: counts as no export' },
  'F1.export-charged': { da: 'Eksport koster gebyr: mindst niveau 75 (betalt ydelse)', en: 'Export is charged for: at least level 75 (paid service)' },
  // F2 Open interfaces
  'F2.public-open-standard': { da: 'Offentligt API på åbne eller offentligt styrede standarder', en: 'Public API on open or publicly governed standards' },
  'F2.public-vendor-schema': { da: 'Offentligt API med åbent publiceret leverandørskema', en: 'Public API with an openly published vendor schema' },
  'F2.nda-or-fee': { da: 'API kun dokumenteret under NDA eller mod betaling', en: 'API documented only under NDA or for a fee' },
  'F2.limited': { da: 'Begrænset eller udokumenteret API', en: 'Limited or undocumented API' },
  'F2.none': { da: 'Intet API overhovedet', en: 'No API at all' },
  'F2.unknown': { da: 'API ukendt: tæller som intet API', en: 'API unknown: counts as no API' },
  // F3 Integration entanglement
  'F3.integration-count': { da: 'Antal integrationer giver niveauet (0 → 0; 1–2 → 20; 3–5 → 40; 6–10 → 60; 11–20 → 80; > 20 → 100)', en: 'Number of integrations sets the level (0 → 0; 1–2 → 20; 3–5 → 40; 6–10 → 60; 11–20 → 80; > 20 → 100)' },
  'F3.unknown': { da: 'Antal integrationer ukendt: tæller som flest', en: 'Number of integrations unknown: counts as the most' },
  'F3.specific-platform': { da: 'Kan ikke køre uden én bestemt leverandørplatform: +20', en: 'Cannot run without one specific vendor platform: +20' },
  // F4 Contractual binding
  'F4.months-to-exit': { da: 'Måneder til næste exit uden bod (inkl. opsigelse) giver grundniveauet (≤ 12 → 0; 13–24 → 25; 25–48 → 50; 49–72 → 75; > 72 → 100)', en: 'Months to the next penalty-free exit (including notice) set the base (≤ 12 → 0; 13–24 → 25; 25–48 → 50; 49–72 → 75; > 72 → 100)' },
  'F4.terminated': { da: 'Kontrakten er opsagt: exit er fastlagt', en: 'The contract is terminated: the exit date is fixed' },
  'F4.unknown-end-date': { da: 'Kontraktens slutdato ukendt: grundniveau 100', en: 'Contract end date unknown: base 100' },
  'F4.unknown-contract': { da: 'Ingen kontraktoplysninger: tæller som stærkest binding', en: 'No contract information: counts as the strongest binding' },
  'F4.no-contract': { da: 'Oplyst: ingen kontrakt binder brugen', en: 'Declared: no contract binds the usage' },
  'F4.notice-over-2-months': { da: 'Opsigelsesvarsel over 2 måneder (eller ukendt): +10', en: 'Notice period above 2 months (or unknown): +10' },
  'F4.no-exit-clause': { da: 'Ingen exit-/transitionsbistandsklausul (eller ukendt): +15', en: 'No exit/transition-assistance clause (or unknown): +15' },
  'F4.switching-charges': { da: 'Gebyrer for skift, udtræk eller tilbagelevering af data (eller ukendt): +10', en: 'Switching, egress or data-return charges (or unknown): +10' },
  'F4.licences-not-portable': { da: 'Licenser kan ikke flyttes til en anden driftsleverandør (eller ukendt): +10', en: 'Licences not portable to another host (or unknown): +10' },
  'F4.bundled-scope': { da: 'Én kontrakt samler udvikling, vedligehold og drift (eller ukendt): +10', en: 'One contract bundles development, maintenance and operation (or unknown): +10' },
  // F5 Substitutability
  'F5.three-plus-open-or-eu': { da: 'Mindst 3 realistiske alternativer, heraf mindst ét open source eller EU-kontrolleret med AMS ≥ 60', en: 'At least 3 viable alternatives, one of them open source or EU-controlled with AMS ≥ 60' },
  'F5.three-plus-other': { da: 'Mindst 3 realistiske alternativer, men intet open source eller EU-kontrolleret med AMS ≥ 60', en: 'At least 3 viable alternatives, none open source or EU-controlled with AMS ≥ 60' },
  'F5.two': { da: '2 realistiske alternativer', en: '2 viable alternatives' },
  'F5.one': { da: '1 realistisk alternativ', en: '1 viable alternative' },
  'F5.zero': { da: 'Ingen realistiske alternativer', en: 'No viable alternatives' },
  'F5.unknown': { da: 'Alternativer ukendt (ukendt kategori): tæller som ingen', en: 'Alternatives unknown (unknown category): counts as none' },
  'F5.concentrated-category': { da: 'Kategorien er stærkt koncentreret nationalt (HHI > 2.500, eller ukendt): +15', en: 'The category is highly concentrated nationally (HHI > 2,500, or unknown): +15' },
  // F6 Technology openness
  'F6.public-sector': { da: 'Offentligt ejet kode under åben licens (fx OS2)', en: 'Public-sector-owned code under an open licence (e.g. OS2)' },
  'F6.multi-organisation': { da: 'OSI-licens med flere organisationer bag (elephant factor ≥ 2)', en: 'OSI licence with multi-organisation governance (elephant factor ≥ 2)' },
  'F6.single-company': { da: 'OSI-licens, men styret af én virksomhed', en: 'OSI licence, but controlled by one company' },
  'F6.source-available': { da: 'Kildekode tilgængelig (ikke OSI), eller myndigheden ejer IP uden åben licens', en: 'Source-available (not OSI), or the authority owns the IP without an open licence' },
  'F6.escrow': { da: 'Proprietær med deponeret kildekode og arkitekturdokumentation', en: 'Proprietary with source escrow and architecture documentation' },
  'F6.documented-closed': { da: 'Proprietær med dokumenteret arkitektur', en: 'Proprietary with documented architecture' },
  'F6.closed': { da: 'Lukket proprietær', en: 'Closed proprietary' },
  'F6.unknown': { da: 'Kodegrundlag ukendt: tæller som lukket proprietær', en: 'Code basis unknown: counts as closed proprietary' },
  // F7 Operational control
  'F7.on-premise': { da: 'Drives af kommunen på egen eller offentlig infrastruktur', en: 'Run by the municipality on its own or public infrastructure' },
  'F7.shared-public': { da: 'Drives af en offentlig fællesdriftsenhed', en: 'Run by a public-sector shared operator' },
  'F7.self-managed-eu-cloud': { da: 'Drives af kommunen på EU-kontrolleret IaaS/PaaS', en: 'Run by the municipality on EU-controlled IaaS/PaaS' },
  'F7.self-managed-non-eu-cloud': { da: 'Drives af kommunen på IaaS/PaaS kontrolleret uden for EU', en: 'Run by the municipality on non-EU-controlled IaaS/PaaS' },
  'F7.vendor-eu': { da: 'Drives af leverandøren på EU-kontrolleret infrastruktur', en: 'Run by the vendor on EU-controlled infrastructure' },
  'F7.vendor-non-eu': { da: 'Drives af leverandøren på infrastruktur kontrolleret uden for EU (eller ukendt)', en: 'Run by the vendor on non-EU-controlled infrastructure (or unknown)' },
  'F7.unknown': { da: 'Driftsform ukendt: niveau 100', en: 'Hosting model unknown: level 100' },
  'F7.customer-keys': { da: 'Kundestyrede nøgler (BYOK/HYOK/klientside): −10', en: 'Customer-held keys (BYOK/HYOK/client-side): −10' },
  'F7.external-backup': { da: 'Backup uden for leverandøren med gendannelse testet inden for 12 måneder: −10', en: 'Backup outside the provider with a restore tested within 12 months: −10' },
  // F8 Jurisdiction
  'F8.eu-clean': { da: 'EU/EØS-kontrolleret, data og drift i EU, ingen underdatabehandlere uden for EU', en: 'EU/EEA-controlled, data and operations in the EU, no non-EU sub-processors' },
  'F8.eu-non-material': { da: 'EU-kontrolleret med uvæsentlige underdatabehandlere uden for EU', en: 'EU-controlled with non-material non-EU sub-processors' },
  'F8.eu-material': { da: 'EU-kontrolleret med væsentlig afhængighed uden for EU (underdatabehandler, eller data uden for EU)', en: 'EU-controlled with a material non-EU dependency (sub-processor, or data outside the EU)' },
  'F8.non-eu-data-in-eu': { da: 'Kontrolleret af et moderselskab under ikke-EU-ret, selv om data er i EU', en: 'Controlled by a parent under non-EU law, even though data stays in the EU' },
  'F8.non-eu-data-outside': { da: 'Kontrolleret uden for EU, og data eller behandling uden for EU/EØS', en: 'Non-EU-controlled, and data or processing outside the EU/EEA' },
  'F8.unknown-control': { da: 'En parts ejerskab/land er ukendt: niveau 100', en: 'A party’s ownership/country is unknown: level 100' },
  'F8.no-parties': { da: 'Ingen kendte parter: niveau 100', en: 'No known parties: level 100' },
  // F9 Exit readiness
  'F9.both-tested': { da: 'Exitplan for både planlagt skift og pludseligt bortfald, testet inden for 12 måneder, med navngiven ejer', en: 'Exit plan for both a planned switch and a sudden loss, tested within 12 months, with a named owner' },
  'F9.both-untested': { da: 'Begge scenarier dokumenteret, men ikke testet inden for 12 måneder eller uden navngiven ejer', en: 'Both scenarios documented, but not tested within 12 months or without a named owner' },
  'F9.one-scenario': { da: 'Exitplan for ét scenarie', en: 'Exit plan for one scenario' },
  'F9.high-level': { da: 'Kun en overordnet exitplan', en: 'Only a high-level exit plan' },
  'F9.none': { da: 'Ingen exitplan', en: 'No exit plan' },
  'F9.unknown': { da: 'Exitplan ukendt: tæller som ingen plan', en: 'Exit plan unknown: counts as no plan' },
  // Gates (§3.4)
  'G1.jurisdiction': { da: 'Høj/kritisk kritikalitet og jurisdiktion ≥ 75: højst bånd D', en: 'High/critical criticality and jurisdiction ≥ 75: band no better than D' },
  'G2.no-exit-route': { da: 'Ingen eksport (F1 = 100): højst bånd D', en: 'No export (F1 = 100): band no better than D' },
  'G3.structural-lockin': { da: 'Strukturel binding: erstattelighed ≥ 75 og kontraktbinding ≥ 75', en: 'Structural lock-in: substitutability ≥ 75 and contractual binding ≥ 75' },
  'G4.critical-without-plan': { da: 'Kritisk uden exitplan: kritikalitet kritisk og exitparathed = 100', en: 'Critical without an exit plan: criticality critical and exit readiness = 100' },
  // Exit window
  'EW.terminated': { da: 'Kontrakten er opsagt; exit på opsigelsesdatoen', en: 'The contract is terminated; exit on the termination date' },
  'EW.contract-end': { da: 'Næste exit uden bod er kontraktens udløb', en: 'The next penalty-free exit is the contract end' },
  'EW.notice-after-irrevocable': { da: 'Næste exit uden bod er opsigelse med varsel efter uopsigelighedsperioden', en: 'The next penalty-free exit is termination with notice after the irrevocable period' },
  'EW.expired-running': { da: 'Kontrakten er udløbet men kører videre; exit med varsel fra i dag', en: 'The contract has expired but runs on; exit with notice from today' },
  'EW.unknown': { da: 'Næste exit kan ikke beregnes (slutdato eller varsel ukendt)', en: 'The next exit cannot be computed (end date or notice unknown)' },
  'EW.no-contract': { da: 'Ingen kontrakt: exit kan ske nu', en: 'No contract: exit is possible now' },
} as const satisfies Record<string, Text>;

export type RuleId = keyof typeof rules;

export function ruleText(id: RuleId): Text {
  return rules[id];
}
