/* report.h: what the mediation writers (report.c, single_text.c, version.c) share: options
 * from the public ones, outcomes and utilities as text and JSON, a solution by name. Not an API
 * for the rest of truce; include/truce.h is. */
#ifndef TRUCE_MEDIATE_REPORT_H
#define TRUCE_MEDIATE_REPORT_H

#include <json-c/json.h>
#include <stdio.h>

#include "mediate/space_base.h"

void med_options_from(const truce_mediate_options *o, med_options *m);
/* "the Nash bargaining solution", ... (static) */
const char *med_solution_name(truce_solution w);
/* The result of a solution in a (NULL for TRUCE_SOLUTION_FIRST). */
const med_result *med_answer_for(const med_answers *a, truce_solution w);
/* "a=a0, b=b1" and "p 0.500, q 0.600" */
void med_print_outcome(FILE *out, const med_space *s, const int *x);
void med_print_utilities(FILE *out, const med_space *s, const double *u);
json_object *med_json_num(double v);
json_object *med_json_outcome(const med_space *s, const int *x);
json_object *med_json_utilities(const med_space *s, const double *u);
/* Writes root pretty-printed with a newline and releases it. 0, TRUCE_EIO, TRUCE_ENOMEM. */
int med_json_write(json_object *root, FILE *out);

#endif
