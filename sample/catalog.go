package sample

import (
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// The fixed tables of the sample: the Smart Account, its Virtual Accounts,
// the licenses, the hardware and the sites. Everything that varies per device
// is drawn from these by the generator.

const (
	accountName   = "Meridian Trust Financial Group"
	accountDomain = "meridiantrust.com"
	vendorName    = "Cisco Systems"
	currency      = "USD"
)

// customerDomains are the e-mail domains of the bank's own staff.
var customerDomains = []string{"meridiantrust.com", "meridiantrust.co.uk", "meridiantrust.com.sg"}

// The counts of the 42,000-instance case. Generate scales each to the size
// asked for (see generator.scale and generator.atLeastOne).
const (
	caseGone          = 6000 // instances of devices decommissioned, retired or disposed
	caseDuplicates    = 300  // second registrations of a device in another Virtual Account
	caseStale         = 400  // instances silent for more than 180 days
	caseUnmatched     = 250  // instances of devices missing from the footprint
	casePlanned       = 300  // footprint-only devices about to enter service
	caseSpare         = 200  // footprint-only spares
	caseHSEC          = 1800 // instances using DNA HSEC beside their DNA license …
	caseHSECRouters   = 1200 // … of which on ISR routers
	caseOversized     = 1800 // C9300 DNA Advantage instances that need Essentials
	caseOversizedISR  = 150  // ISR4K DNA Advantage instances that need Essentials
	caseOrganic       = 1700 // devices in service in the last twelve months, by source
	caseProject       = 1000
	caseAcquisition   = 700
	caseAirGapped     = 840 // air-gapped devices, the misplaced ones included
	caseMisplaced     = 6   // air-gapped devices registered in a connected account
	caseAirGappedGone = 25  // air-gapped devices decommissioned with their reservation
	caseUpgraded      = 15  // air-gapped devices whose Essentials reservation was returned
)

// licenseShares weighs the primary licenses of the connected fleet.
var licenseShares = []int{licAdv: 30000, licEss: 6000, licC9200: 3600, licISR: 2400}

// License indexes into licenses.
const (
	licAdv   = iota // C9300 DNA Advantage: the main license
	licEss          // C9300 DNA Essentials
	licC9200        // C9200 DNA Essentials
	licISR          // ISR4K DNA Advantage
	licHSEC         // DNA HSEC: the add-on license of routers and some switches
	numLicenses
)

// license is one license of the sample with its ISO/IEC 19770-2 entitlement tag.
type license struct {
	name string
	tag  string
}

var licenses = [numLicenses]license{
	licAdv:   {"C9300 DNA Advantage", "regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18"},
	licEss:   {"C9300 DNA Essentials", "regid.2017-05.com.cisco.c9300_dna_essentials,1.0_5e0d5a6f-91b4-4c4e-8d3a-0f6b2c1d7e42"},
	licC9200: {"C9200 DNA Essentials", "regid.2019-03.com.cisco.c9200_dna_essentials,1.0_b7c2e9a4-3f18-4d6b-a0c5-9e1f4d2b8a73"},
	licISR:   {"ISR4K DNA Advantage", "regid.2018-06.com.cisco.isr4k_dna_advantage,1.0_2c8f4b1e-6d7a-4e93-b5f0-3a9d8c6e1b24"},
	licHSEC:  {"DNA HSEC", "regid.2019-11.com.cisco.DNA_HSEC,1.0_90c3d7e2-1a4b-4f6c-8e2d-5b7a9c3f0d61"},
}

// isrEssentials is the lower tier of ISR4K DNA Advantage. No device uses it
// and the proposal has no line for it: oversized routers exercise the
// right-tiering rule where the lower tier cannot be priced.
const isrEssentials = "ISR4K DNA Essentials"

// Hardware family indexes into families.
const (
	famC9300 = iota
	famC9200
	famISR
)

// family is a product family: the software tag its instances report, the
// factories that build it and the hostname role of its devices.
type family struct {
	tag       string
	factories []string
	role      string
}

var families = [...]family{
	famC9300: {
		tag:       "regid.2017-03.com.cisco.Catalyst_9300,1.0_0b4c8e5d-2a7f-4d1c-9e36-7f5a1b8c2d90",
		factories: []string{"FCW", "FOC"},
		role:      "as",
	},
	famC9200: {
		tag:       "regid.2019-03.com.cisco.Catalyst_9200,1.0_6a1d3f7b-8c2e-4b95-a4d0-1e7c9b5f3a28",
		factories: []string{"JAE", "FOC"},
		role:      "as",
	},
	famISR: {
		tag:       "regid.2016-07.com.cisco.ISR_4000,1.0_e3f9a2c6-4b8d-4a17-9c5e-2d6b0f8a1c47",
		factories: []string{"FDO", "FGL"},
		role:      "rtr",
	},
}

// licenseFamily is the hardware family of the devices a primary license
// runs on (DNA HSEC is only ever an add-on).
var licenseFamily = [licISR + 1]int{licAdv: famC9300, licEss: famC9300, licC9200: famC9200, licISR: famISR}

// licensePIDs are the PIDs of the devices a primary license runs on: the
// Essentials switches are the cheaper models.
var licensePIDs = [licISR + 1][]string{
	licAdv:   {"C9300-24UX", "C9300-48P", "C9300-48UXM", "C9300-24T"},
	licEss:   {"C9300-48P", "C9300-24T"},
	licC9200: {"C9200-24T", "C9200-48P"},
	licISR:   {"ISR4451-X/K9", "ISR4431/K9", "ISR4351/K9"},
}

// Regions, and the sites of each (the footprint's site column).
const (
	regAmericas = iota
	regEMEA
	regAPAC
	regGlobal
)

var regionNames = [...]string{"Americas", "EMEA", "APAC", "Global"}

var regionSites = [...][]string{
	regAmericas: {"NYC-HQ1", "NYC-BR014", "CHI-BR022", "CLT-DC2", "DFW-BR031", "TOR-BR007", "SFO-BR019", "BOS-BR005"},
	regEMEA:     {"LON-HQ2", "LON-BR104", "FRA-DC1", "DUB-BR012", "ZRH-BR003", "PAR-BR021"},
	regAPAC:     {"SIN-DC1", "HKG-BR008", "SYD-BR015", "TYO-BR002"},
	regGlobal:   {"NYC-HQ1"},
}

// vaSpec describes one Virtual Account of the sample and how the generator
// fills it.
type vaSpec struct {
	name     string
	bu       string // business-unit code; the business unit's name is in buNames
	region   int
	workload smartaccount.Workload
	env      smartaccount.Environment
	airGap   smartaccount.AirGap // the air-gap category of its devices (air-gapped VAs only)
	// weight is the VA's share of the connected fleet; 0 holds no devices.
	weight int
	// entPct is the VA's entitlement as a percentage of its consumption after
	// the hygiene reclaim: below 100 leaves a shortage, above a surplus.
	entPct int
	// decomBias weighs the VA's share of the decommissioned devices.
	decomBias int
	// mix weighs the primary licenses of its devices (licAdv, licEss, licC9200, licISR).
	mix [licISR + 1]int
}

var buNames = map[string]string{
	"RB":  "Retail Banking",
	"CIB": "Corporate & Investment Banking",
	"WM":  "Wealth Management",
	"GT":  "Group Technology",
	"PAY": "Payments",
}

// Virtual Account mixes.
var (
	mixBranch = [4]int{40, 12, 33, 15}
	mixCampus = [4]int{70, 18, 12, 0}
	mixDC     = [4]int{85, 10, 0, 5}
	mixLab    = [4]int{55, 25, 15, 5}
	mixVault  = [4]int{70, 10, 0, 20}
)

const (
	prod    = smartaccount.Production
	staging = smartaccount.Staging
	dev     = smartaccount.Development
	dr      = smartaccount.DisasterRecovery
	onPrem  = smartaccount.OnPrem
	cloud   = smartaccount.Cloud
	hybrid  = smartaccount.Hybrid
	gapped  = smartaccount.AirGapped
)

// vaPool is the Virtual Account that holds centrally bought licenses and no
// devices: stranded surplus that only pooling can use.
const vaPool = "GT-GLOBAL-POOL"

// vaMisplaced is the connected Virtual Account where a few air-gapped
// devices were registered by mistake with their reservations.
const vaMisplaced = "GT-AMER-DC-PROD"

// vaLab is the lab Virtual Account that still holds an old demo license.
const vaLab = "GT-AMER-LAB"

// vaOrphan is the Virtual Account, deleted in a reorganisation, on which two
// users still hold a role.
const vaOrphan = "RB-LATAM-BRANCH-PROD"

var vaSpecs = []vaSpec{
	{"RB-AMER-BRANCH-PROD", "RB", regAmericas, prod, onPrem, 0, 90, 82, 3, mixBranch},
	{"RB-AMER-CAMPUS-PROD", "RB", regAmericas, prod, onPrem, 0, 60, 118, 2, mixCampus},
	{"RB-EMEA-BRANCH-PROD", "RB", regEMEA, prod, onPrem, 0, 55, 108, 3, mixBranch},
	{"RB-APAC-BRANCH-PROD", "RB", regAPAC, prod, hybrid, 0, 30, 78, 2, mixBranch},
	{"RB-AMER-STAGING", "RB", regAmericas, staging, hybrid, 0, 8, 140, 1, mixLab},
	{"RB-AMER-DEV", "RB", regAmericas, dev, cloud, 0, 6, 150, 1, mixLab},
	{"RB-AMER-DR", "RB", regAmericas, dr, onPrem, 0, 18, 95, 1, mixCampus},
	{"CIB-AMER-TRADING-PROD", "CIB", regAmericas, prod, onPrem, 0, 40, 88, 1, mixDC},
	{"CIB-EMEA-TRADING-PROD", "CIB", regEMEA, prod, onPrem, 0, 35, 125, 1, mixDC},
	{"CIB-APAC-TRADING-PROD", "CIB", regAPAC, prod, onPrem, 0, 20, 80, 1, mixDC},
	{"CIB-AMER-DR", "CIB", regAmericas, dr, onPrem, 0, 14, 120, 1, mixDC},
	{"CIB-EMEA-DR", "CIB", regEMEA, dr, hybrid, 0, 10, 72, 1, mixDC},
	{"CIB-EMEA-STAGING", "CIB", regEMEA, staging, hybrid, 0, 5, 135, 1, mixLab},
	{"CIB-AMER-DEV", "CIB", regAmericas, dev, cloud, 0, 4, 160, 1, mixLab},
	{"WM-AMER-ADVISORY-PROD", "WM", regAmericas, prod, onPrem, 0, 30, 90, 2, mixBranch},
	{"WM-EMEA-PRIVATE-PROD", "WM", regEMEA, prod, onPrem, 0, 15, 115, 2, mixBranch},
	{"WM-APAC-PRIVATE-PROD", "WM", regAPAC, prod, hybrid, 0, 8, 70, 1, mixBranch},
	{"WM-AMER-DR", "WM", regAmericas, dr, onPrem, 0, 6, 130, 1, mixCampus},
	{"WM-AMER-DEV", "WM", regAmericas, dev, cloud, 0, 3, 145, 1, mixLab},
	{"GT-AMER-DC-PROD", "GT", regAmericas, prod, onPrem, 0, 50, 104, 2, mixDC},
	{"GT-EMEA-DC-PROD", "GT", regEMEA, prod, onPrem, 0, 35, 86, 2, mixDC},
	{"GT-APAC-DC-PROD", "GT", regAPAC, prod, hybrid, 0, 18, 112, 1, mixDC},
	{"GT-AMER-CORP-CAMPUS", "GT", regAmericas, prod, onPrem, 0, 45, 96, 2, mixCampus},
	{"GT-EMEA-CORP-CAMPUS", "GT", regEMEA, prod, onPrem, 0, 28, 84, 2, mixCampus},
	{"GT-AMER-DR", "GT", regAmericas, dr, onPrem, 0, 20, 122, 1, mixDC},
	{"GT-EMEA-DR", "GT", regEMEA, dr, onPrem, 0, 12, 76, 1, mixDC},
	{"GT-AMER-LAB", "GT", regAmericas, dev, hybrid, 0, 10, 60, 1, mixLab},
	{"GT-AMER-STAGING", "GT", regAmericas, staging, cloud, 0, 7, 150, 1, mixLab},
	{"PAY-AMER-PROD", "PAY", regAmericas, prod, onPrem, 0, 25, 93, 1, mixDC},
	{"PAY-EMEA-PROD", "PAY", regEMEA, prod, onPrem, 0, 18, 117, 1, mixDC},
	{"PAY-AMER-DR", "PAY", regAmericas, dr, onPrem, 0, 8, 128, 1, mixDC},
	{vaPool, "GT", regGlobal, prod, hybrid, 0, 0, 0, 0, [4]int{}},
	{"CIB-AMER-VAULT-AG", "CIB", regAmericas, prod, gapped, smartaccount.Classified, 60, 0, 0, mixVault},
	{"GT-EMEA-DARKSITE-AG", "GT", regEMEA, dr, gapped, smartaccount.DarkSite, 40, 0, 0, mixVault},
}
