#!/usr/bin/env bash
# ledger.sh: rebuilds ledger.jsonl, the negotiation ledger of this example, with `truce ledger add`
# from the sources in SOURCES.md (each entry cites one by id; the wording is a paraphrase).
# Run from the repository root: examples/gaza-2024-bridging/ledger.sh [path/to/truce]
# It writes a fresh ledger, so the hashes change only when an entry (or agreement.yaml) does.
set -eu
TRUCE=${1:-build/truce}
dir=examples/gaza-2024-bridging
db=$(mktemp /tmp/truce-ledger-XXXXXX.db)
trap 'rm -f "$db" "$db-wal" "$db-shm"' EXIT
rm -f "$db"
add() { "$TRUCE" ledger add --db "$db" "$@" >/dev/null; }

add proposal --file $dir/agreement.yaml --version bridging-2024-08-16 \
  --by united-states,egypt,qatar --date 2024-08-16 --place Doha \
  --source joint-statement-2024-08-16 \
  --url https://www.pressherald.com/2024/08/16/u-s-proposes-final-gaza-cease-fire-plan-seeking-agreement-by-next-week/ \
  --note "Presented to both parties by the United States, with the support of Egypt and Qatar, after the Doha talks of 15-16 August 2024. The joint statement said it builds on areas of agreement and bridges the remaining gaps, and that senior officials would reconvene in Cairo before the end of the following week. No official text was published: the file is a reconstruction from public reporting (see SOURCES.md)."

add statement --party hamas --date 2024-08-18 --source hamas-2024-08-18 \
  --url https://abolitionmedia.noblogs.org/post/2024/08/19/hamas-responds-to-ceasefire-negotiations \
  --text "Hamas said the new proposal accommodates the Israeli prime minister's conditions, in particular his refusal of a permanent ceasefire and of a complete withdrawal from the Gaza Strip, and his insistence on continuing to occupy the Netzarim junction, the Rafah crossing and the Philadelphi corridor. It restated its commitment to what it says was agreed on 2 July 2024 and called on the mediators to hold Israel to it." \
  --note "Hamas's claims, in the English text reproduced by Abolition Media (a translation). Recorded as a public position, not as a formal response: the US later said Hamas had not formally responded to the bridging proposal (netanyahu-2024-09-04)."

add response --party israel --to bridging-2024-08-16 --accept --date 2024-08-19 \
  --source blinken-2024-08-19 \
  --url https://www.dw.com/en/middle-east-blinken-says-netanyahu-supports-cease-fire-deal/live-69975178 \
  --note "As the US Secretary of State reported it after meeting Israel's prime minister: Israel accepts and supports the bridging proposal. On 2024-08-20 he said the agreement is clear on the schedule and the locations of IDF withdrawals from Gaza and that Israel has agreed to them (blinken-2024-08-20). The Prime Minister's Office said on 19 August that Israel remains committed to the current US proposal, which it said takes Israel's security needs into account (pmo-2024-08-19). Recorded without reservations: no source seen describes the acceptance as reserving particular clauses; the prime minister's positions on the Philadelphi and Netzarim corridors are recorded as statements."

add statement --party israel --date 2024-08-20 --source netanyahu-2024-08-20 \
  --url https://www.jns.org/netanyahu-demands-swift-release-of-living-hostages-control-of-security-assets/ \
  --text "Meeting families of the Tikva and Gvura forums, the prime minister said Israel must preserve its strategic security assets in the face of great pressure at home and abroad, and that it continues to stand on this." \
  --note "Israeli media, as reported by The Times of Israel, said he told the families that Israel would not leave the Philadelphi or Netzarim corridors whatever the pressure; his office did not confirm this in what was seen."

add statement --party egypt --date 2024-08-21 --source cairo-round-2024-08 \
  --url https://pledgetimes.com/israel-over-100-hostages-still-in-hamas-hands-latest-news-on-negotiations/ \
  --text "Egypt's foreign minister said new talks would be held in Cairo on 22-23 August." \
  --note "The talks moved from Doha to Cairo. Reports (cairo-round-2024-08): an Israeli delegation was in Cairo on 22 August with maps and proposals for the Philadelphi zone; a round was held there on 25 August, in which Hamas did not take part."

add statement --party hamas --date 2024-08-25 --source hamas-2024-08-25 \
  --url https://tass.com/world/1833659 \
  --text "A Hamas spokesman (al-Rishq) said Hamas insists on a permanent ceasefire, the complete withdrawal of Israeli forces from Gaza, the return of displaced people to their homes, the restoration of the enclave's infrastructure and a serious deal to exchange hostages for Palestinian prisoners." \
  --note "Translation as printed by TASS. A Hamas delegation led by Khalil al-Hayya came to Cairo on 24 August to hear the results and did not join the talks; Hamdan said Hamas sticks to its 2 July text and rejects new Israeli conditions (Times of Israel)."

add statement --party israel --date 2024-09-02 --source netanyahu-2024-09-02 \
  --url https://www.timesofisrael.com/netanyahu-if-we-leave-philadelphi-hamas-will-be-able-to-rearm-revive-repeat-oct-7/ \
  --text "At a press conference the prime minister said Israel will not leave the Philadelphi corridor, which he called cardinal to bringing out the hostages, ensuring that Hamas is destroyed and that Gaza is not again a threat to Israel. He rejected even a withdrawal for the 42-day first phase, saying Israel could not return." \
  --note "Paraphrased from The Times of Israel's translation; i24NEWS reported the same press conference."

add response --party hamas --to bridging-2024-08-16 --no-response-yet --date 2024-09-04 \
  --source netanyahu-2024-09-04 \
  --url https://www.timesofisrael.com/liveblog_entry/asked-why-philadelphi-left-out-of-may-27-israeli-proposal-pm-says-offer-doesnt-contradict-idf-operations-there/ \
  --note "The Times of Israel, reporting the prime minister's briefing to the foreign press, in which he said Hamas had rejected the bridging proposal, noted that the US had said Hamas had not formally responded to it. AP reported on 16 August that Hamas issued no immediate formal statement on the proposal (see hamas-2024-08-18 in SOURCES.md). Hamas's public statements are recorded separately."

"$TRUCE" ledger verify --db "$db" >/dev/null
"$TRUCE" ledger export --db "$db" -o $dir/ledger.jsonl
echo "wrote $dir/ledger.jsonl"
