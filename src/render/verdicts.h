/* verdicts.h: the views of a judgement (src/judge): the scorecard (scorecard.c), the violations
 * (violations.c) and the implementation report (report_html.c), and the fields they all write the
 * same way (verdict_fields.c). Each reads a finished judgement and never changes it. Not the
 * judging (src/judge) and not the public calls that run it (judge_views.c). */
#ifndef TRUCE_RENDER_VERDICTS_H
#define TRUCE_RENDER_VERDICTS_H

#include <stdio.h>

#include "judge/judge.h"

/* scorecard.c: every obligation's verdict, reason, score, quantities and evidence, the phase and
 * whole-agreement scores, readiness and unmatched names, as text, json or csv. 0 or TRUCE_EARG
 * (another format). */
int render_status(const judgement *j, truce_judge_format f, FILE *out);
/* One JSON object (no newline) for an obligation's verdict: id, verdict, reason, evidence ids. */
void render_verdict_json(const judgement *j, const ob_judgement *o, FILE *out);

/* violations.c: every confirmed and possible violation kept by opt->zone, opt->party and
 * opt->since, in opt->format: text, json, geojson or csv. 0 or TRUCE_EARG (another format). */
int render_violations(const judgement *j, const truce_judge_options *opt, FILE *out);

/* report_html.c: html, one self-contained page (scorecard, map with the reports, timeline by
 * verdict); svg, the timeline alone. 0, TRUCE_EARG (another format) or TRUCE_ENOMEM. Scratch
 * memory comes from j's arena. */
int render_report(const judgement *j, truce_judge_format f, FILE *out);

/* verdict_fields.c */
/* s as a JSON string, quoted and escaped; null for NULL. */
void render_json_string(FILE *out, const char *s);
/* s as a CSV field, quoted when it holds a comma, quote or line break; nothing for NULL. */
void render_csv_field(FILE *out, const char *s);
/* The date of agreement day `day` into buf; returns buf. */
const char *render_day_date(const judgement *j, long day, char buf[11]);
/* The obligation's party ids joined by ';' into buf (cap bytes). */
void render_parties(const obligation *ob, char *buf, size_t cap);
/* The obligation's kind name, "?" when out of range. */
const char *render_kind_name(const obligation *ob);
/* The days evidence may fall on: "2025-01-20" or "2025-01-20..2025-01-22", into buf. */
void render_ev_days(const judgement *j, const evidence *e, char *buf, size_t cap);
/* The text views' first lines: the agreement, the judgement day, day 1, time zone, reports. */
void render_judgement_header(const judgement *j, FILE *out);
/* How many of the judged reports say they are synthetic: "synthetic" in their source, notes or
 * unit, as truce synth writes them. Every view says so beside the count of reports. */
size_t render_synthetic_reports(const judgement *j);

#endif
