/* test_ledger.c: unit tests for the store and the negotiation ledger: appending and verifying,
 * each kind of tampering (edit, delete, reorder, truncate) done behind the ledger's back in SQLite
 * and named by verify, JSON Lines export, import merges and refused forks, and bad lines reported
 * as line:col. Databases and files are temporary (mkstemp under /tmp) and deleted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "truce.h"

static const char agreement_v1[] =
    "truce: 1\n"
    "id: test-agreement\n"
    "title: Test (synthetic)\n"
    "synthetic: unit test\n"
    "parties:\n"
    "  - {id: israel, name: Israel}\n"
    "  - {id: hamas, name: Hamas}\n"
    "  - {id: qatar, name: Qatar, role: mediator}\n"
    "phases:\n"
    "  - {id: phase-1, title: One, days: 42}\n"
    "obligations:\n"
    "  - {id: withdraw-netzarim, kind: withdraw, party: israel, phase: phase-1, text: Withdraw.}\n"
    "  - {id: release-hostages, kind: release, party: hamas, phase: phase-1, persons: hostages}\n";

/* ---- temporary files ---- */

typedef struct tmpfile_ {
    char path[64];
} tmpfile_;

static void tmp_make(tmpfile_ *t, const char *content)
{
    strcpy(t->path, "/tmp/truce-test-XXXXXX");
    int fd = mkstemp(t->path);
    assert_true(fd >= 0);
    if (content) assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
}

static void tmp_remove_db(const tmpfile_ *t)
{
    char p[96];
    unlink(t->path);
    snprintf(p, sizeof p, "%s-wal", t->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", t->path);
    unlink(p);
}

/* ---- diagnostics and problems collected for assertions ---- */

typedef struct seen {
    char text[8192];
    int count;
} seen;

static void collect_diag(const truce_diag *d, void *user)
{
    seen *s = user;
    size_t o = strlen(s->text);
    snprintf(s->text + o, sizeof s->text - o, "%d:%d: %s%s%s\n", d->line, d->col, d->message, d->hint ? " | " : "",
             d->hint ? d->hint : "");
    s->count++;
}

static const char *const tamper[] = {"altered", "removed", "reordered", "truncated", "differs"};

static void collect_problem(const truce_ledger_problem *p, void *user)
{
    seen *s = user;
    size_t o = strlen(s->text);
    char d[11] = "-";
    if (p->known) truce_date_format(p->date, d);
    snprintf(s->text + o, sizeof s->text - o, "%s #%lld %s %s: %s\n", tamper[p->what], p->seq,
             p->known ? truce_entry_kind_name(p->kind) : "-", d, p->message);
    s->count++;
}

/* ---- a small ledger: proposal, response, two statements ---- */

typedef struct fixture {
    tmpfile_ db, yaml;
    truce_store *store;
} fixture;

static truce_date day(const char *s)
{
    truce_date d;
    assert_int_equal(truce_date_parse(s, &d), 0);
    return d;
}

static void add_ok(truce_store *s, const truce_ledger_entry *e)
{
    seen d = {"", 0};
    truce_ledger_options opt = {collect_diag, &d, "test"};
    int r = truce_ledger_add(s, e, &opt, NULL);
    if (r) fprintf(stderr, "%s", d.text);
    assert_int_equal(r, 0);
}

static void fill(truce_store *s, const char *yaml_path)
{
    static const char *const by[] = {"qatar"};
    static const char *const res[] = {"withdraw-netzarim"};
    truce_ledger_entry p = {.kind = TRUCE_ENTRY_PROPOSAL, .date = day("2024-08-16"), .version = "v1",
                            .tabled_by = by, .ntabled_by = 1, .place = "Doha", .file_path = yaml_path,
                            .source = "joint statement"};
    add_ok(s, &p);
    truce_ledger_entry r = {.kind = TRUCE_ENTRY_RESPONSE, .date = day("2024-08-19"), .version = "v1",
                            .party = "israel", .response = TRUCE_RESPONSE_ACCEPT_WITH_RESERVATIONS,
                            .reservations = res, .nreservations = 1, .source = "press conference"};
    add_ok(s, &r);
    truce_ledger_entry st = {.kind = TRUCE_ENTRY_STATEMENT, .date = day("2024-08-20"), .party = "hamas",
                             .text = "Hamas insists on a full withdrawal.", .source = "statement",
                             .url = "https://example.org/s"};
    add_ok(s, &st);
    truce_ledger_entry nr = {.kind = TRUCE_ENTRY_RESPONSE, .date = day("2024-09-04"), .version = "v1",
                             .party = "hamas", .response = TRUCE_RESPONSE_NO_RESPONSE_YET, .source = "report"};
    add_ok(s, &nr);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    tmp_make(&f->db, NULL);
    tmp_make(&f->yaml, agreement_v1);
    assert_int_equal(truce_store_open(f->db.path, &f->store), 0);
    fill(f->store, f->yaml.path);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    truce_store_close(f->store);
    tmp_remove_db(&f->db);
    unlink(f->yaml.path);
    free(f);
    return 0;
}

/* Runs SQL on the store's file through a second connection, as a tamperer would. */
static void tamper_sql(const fixture *f, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) fprintf(stderr, "%s\n", err);
    sqlite3_free(err);
    sqlite3_close(db);
    assert_int_equal(rc, SQLITE_OK);
}

static int verify(const fixture *f, const char *against, seen *s)
{
    memset(s, 0, sizeof *s);
    truce_ledger_options opt = {collect_diag, s, "test"};
    return truce_ledger_verify(f->store, against, &opt, collect_problem, s);
}

static int count_entries(const truce_ledger_entry *e, void *user)
{
    (void)e;
    (*(int *)user)++;
    return 0;
}

static int entries(truce_store *s)
{
    int n = 0;
    assert_int_equal(truce_ledger_list(s, TRUCE_LEDGER_BY_SEQ, count_entries, &n), 0);
    return n;
}

static void export_to(truce_store *s, tmpfile_ *t)
{
    tmp_make(t, NULL);
    FILE *out = fopen(t->path, "w");
    assert_non_null(out);
    assert_int_equal(truce_ledger_export(s, out), 0);
    fclose(out);
}

/* ---- tests ---- */

static void test_open_close(void **state)
{
    (void)state;
    truce_store_close(NULL);
    tmpfile_ t;
    tmp_make(&t, NULL);
    truce_store *s = NULL;
    assert_int_equal(truce_store_open(t.path, &s), 0);
    assert_int_equal(entries(s), 0);
    truce_store_close(s);
    assert_int_equal(truce_store_open(t.path, &s), 0); /* reopening runs no migration twice */
    truce_store_close(s);
    tmp_remove_db(&t);
    /* a database that is not a truce store is refused */
    tmp_make(&t, NULL);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(t.path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE other (x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    s = (truce_store *)1;
    assert_int_equal(truce_store_open(t.path, &s), TRUCE_EIO);
    assert_null(s);
    tmp_remove_db(&t);
}

static void test_append_and_verify(void **state)
{
    fixture *f = *state;
    assert_int_equal(entries(f->store), 4);
    seen s;
    assert_int_equal(verify(f, NULL, &s), 0);
    /* the chain: the first entry's prev_hash is zeros, each next one's is the hash before it */
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(truce_ledger_status(f->store, TRUCE_FORMAT_TEXT, out), 0);
    fclose(out);
    assert_non_null(strstr(buf, "israel: accepted with reservations on withdraw-netzarim on 2024-08-19"));
    assert_non_null(strstr(buf, "hamas: no response since 2024-08-16 (tabled); still none as of 2024-09-04"));
    assert_non_null(strstr(buf, "Hamas insists on a full withdrawal."));
    assert_null(strstr(buf, "qatar:")); /* a mediator is not asked to respond */
    free(buf);
    out = open_memstream(&buf, &len);
    assert_int_equal(truce_ledger_export(f->store, out), 0);
    fclose(out);
    assert_non_null(strstr(buf, "\"prev_hash\":\"0000000000000000000000000000000000000000000000000000000000000000\""));
    assert_non_null(strstr(buf, "\"agreement\":\"test-agreement\""));
    free(buf);
}

static void test_add_rejects_bad_ids(void **state)
{
    fixture *f = *state;
    static const char *const res[] = {"withdraw-netzarm"};
    seen d = {"", 0};
    truce_ledger_options opt = {collect_diag, &d, "test"};
    truce_ledger_entry r = {.kind = TRUCE_ENTRY_RESPONSE, .date = day("2024-08-19"), .version = "v1",
                            .party = "isreal", .response = TRUCE_RESPONSE_ACCEPT_WITH_RESERVATIONS,
                            .reservations = res, .nreservations = 1, .source = "x"};
    assert_int_equal(truce_ledger_add(f->store, &r, &opt, NULL), TRUCE_EINVALID);
    assert_non_null(strstr(d.text, "unknown party 'isreal' in version 'v1' | did you mean party 'israel'?"));
    assert_non_null(strstr(d.text, "unknown clause 'withdraw-netzarm' in version 'v1' | did you mean clause "
                                   "'withdraw-netzarim'?"));
    memset(&d, 0, sizeof d);
    truce_ledger_entry c = {.kind = TRUCE_ENTRY_RESPONSE, .date = day("2024-08-19"), .version = "v2",
                            .party = "hamas", .response = TRUCE_RESPONSE_REJECT};
    assert_int_equal(truce_ledger_add(f->store, &c, &opt, NULL), TRUCE_EINVALID);
    assert_non_null(strstr(d.text, "a response needs its source"));
    assert_non_null(strstr(d.text, "unknown version 'v2': no such version was tabled | did you mean version 'v1'?"));
    memset(&d, 0, sizeof d);
    static const char *const by[] = {"qatar"};
    truce_ledger_entry dup = {.kind = TRUCE_ENTRY_PROPOSAL, .date = day("2024-08-20"), .version = "v1",
                              .tabled_by = by, .ntabled_by = 1, .file_path = f->yaml.path};
    assert_int_equal(truce_ledger_add(f->store, &dup, &opt, NULL), TRUCE_EINVALID);
    assert_non_null(strstr(d.text, "version 'v1' was already tabled as #1"));
    assert_int_equal(entries(f->store), 4); /* nothing written */
}

static void test_triggers_guard_history(void **state)
{
    fixture *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE ledger_entry SET note = 'x' WHERE seq = 1", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM ledger_entry WHERE seq = 1", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_tamper_edit(void **state)
{
    fixture *f = *state;
    tamper_sql(f, "DROP TRIGGER ledger_entry_no_update;"
                  "UPDATE ledger_entry SET reservations = '' , response = 'accept' WHERE seq = 2;");
    seen s;
    assert_int_equal(verify(f, NULL, &s), 1);
    assert_non_null(strstr(s.text, "altered #2 response 2024-08-19: #2 (response, 2024-08-19) was altered"));
}

static void test_tamper_edit_with_rehash(void **state)
{
    /* rewriting an entry's hash too breaks the link to the next entry */
    fixture *f = *state;
    tamper_sql(f, "DROP TRIGGER ledger_entry_no_update;"
                  "UPDATE ledger_entry SET hash = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' "
                  "WHERE seq = 2;");
    seen s;
    assert_true(verify(f, NULL, &s) >= 1);
    assert_non_null(strstr(s.text, "altered #2 response 2024-08-19"));
    assert_non_null(strstr(s.text, "removed #3 statement 2024-08-20: the entry before #3"));
}

static void test_tamper_delete(void **state)
{
    fixture *f = *state;
    tamper_sql(f, "DROP TRIGGER ledger_entry_no_delete; DELETE FROM ledger_entry WHERE seq = 2;");
    seen s;
    assert_int_equal(verify(f, NULL, &s), 1);
    assert_non_null(strstr(s.text, "removed #2 - -: #2 removed: the numbering jumps from #1 to #3 (statement, "
                                   "2024-08-20)"));
}

static void test_tamper_reorder(void **state)
{
    fixture *f = *state;
    tamper_sql(f, "DROP TRIGGER ledger_entry_no_update;"
                  "UPDATE ledger_entry SET seq = -1 WHERE seq = 2;"
                  "UPDATE ledger_entry SET seq = 2 WHERE seq = 3;"
                  "UPDATE ledger_entry SET seq = 3 WHERE seq = -1;");
    seen s;
    assert_int_equal(verify(f, NULL, &s), 2);
    assert_non_null(strstr(s.text, "reordered #2 statement 2024-08-20: #2 (statement, 2024-08-20) is out of order: "
                                   "the chain puts it at #3"));
    assert_non_null(strstr(s.text, "reordered #3 response 2024-08-19: #3 (response, 2024-08-19) is out of order: "
                                   "the chain puts it at #2"));
}

static void test_tamper_truncate(void **state)
{
    fixture *f = *state;
    tmpfile_ copy;
    export_to(f->store, &copy);
    tamper_sql(f, "DROP TRIGGER ledger_entry_no_delete; DELETE FROM ledger_entry WHERE seq >= 3;");
    seen s;
    assert_int_equal(verify(f, NULL, &s), 1);
    assert_non_null(strstr(s.text, "truncated #3 - -: the ledger ends at #2 (response, 2024-08-19), but its head "
                                   "records 4 entries: #3-#4 were cut off"));
    /* whoever also rewrites the head leaves a chain that checks out on its own ... */
    tamper_sql(f, "UPDATE ledger_head SET count = 2, hash = (SELECT hash FROM ledger_entry WHERE seq = 2);");
    assert_int_equal(verify(f, NULL, &s), 0);
    /* ... and is caught only against an outside copy */
    assert_int_equal(verify(f, copy.path, &s), 1);
    assert_non_null(strstr(s.text, "truncated #3 - -: #3-#4 of"));
    assert_non_null(strstr(s.text, "it was truncated"));
    unlink(copy.path);
}

static void test_verify_against_clean(void **state)
{
    fixture *f = *state;
    tmpfile_ copy;
    export_to(f->store, &copy);
    seen s;
    assert_int_equal(verify(f, copy.path, &s), 0);
    unlink(copy.path);
}

static void test_import_merge(void **state)
{
    fixture *f = *state;
    tmpfile_ full, db2;
    export_to(f->store, &full);
    tmp_make(&db2, NULL);
    truce_store *other = NULL;
    assert_int_equal(truce_store_open(db2.path, &other), 0);
    /* the other team had the first two entries */
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(truce_ledger_export(f->store, out), 0);
    fclose(out);
    char *third = strchr(strchr(buf, '\n') + 1, '\n') + 1;
    *third = '\0';
    tmpfile_ part;
    tmp_make(&part, buf);
    free(buf);
    seen d = {"", 0};
    truce_ledger_options opt = {collect_diag, &d, "test"};
    size_t skipped = 9, added = 9;
    assert_int_equal(truce_ledger_import(other, part.path, &opt, &skipped, &added), 0);
    assert_int_equal(skipped, 0);
    assert_int_equal(added, 2);
    assert_int_equal(truce_ledger_import(other, full.path, &opt, &skipped, &added), 0);
    assert_int_equal(skipped, 2);
    assert_int_equal(added, 2);
    assert_int_equal(entries(other), 4);
    assert_int_equal(truce_ledger_verify(other, full.path, &opt, NULL, NULL), 0);
    truce_store_close(other);
    tmp_remove_db(&db2);
    unlink(full.path);
    unlink(part.path);
}

static void test_import_fork_refused(void **state)
{
    fixture *f = *state;
    tmpfile_ full, db2;
    export_to(f->store, &full);
    tmp_make(&db2, NULL);
    truce_store *other = NULL;
    assert_int_equal(truce_store_open(db2.path, &other), 0);
    /* the other team tabled the same v1 (same bytes, same fields) and then recorded something else */
    static const char *const by[] = {"qatar"};
    truce_ledger_entry p = {.kind = TRUCE_ENTRY_PROPOSAL, .date = day("2024-08-16"), .version = "v1",
                            .tabled_by = by, .ntabled_by = 1, .place = "Doha", .file_path = f->yaml.path,
                            .source = "joint statement"};
    add_ok(other, &p);
    truce_ledger_entry r = {.kind = TRUCE_ENTRY_RESPONSE, .date = day("2024-08-19"), .version = "v1",
                            .party = "israel", .response = TRUCE_RESPONSE_ACCEPT, .source = "press conference"};
    add_ok(other, &r);
    seen d = {"", 0};
    truce_ledger_options opt = {collect_diag, &d, "test"};
    assert_int_equal(truce_ledger_import(other, full.path, &opt, NULL, NULL), TRUCE_EINVALID);
    assert_non_null(strstr(d.text, "2:"));
    assert_non_null(strstr(d.text, "#2 (response, 2024-08-19) differs from the ledger's #2 (response, 2024-08-19): "
                                   "importing it would rewrite history"));
    assert_int_equal(entries(other), 2); /* nothing written */
    /* against the other history, verify names the entry that differs and what is missing */
    seen s = {"", 0};
    assert_int_equal(truce_ledger_verify(other, full.path, &opt, collect_problem, &s), 2);
    assert_non_null(strstr(s.text, "differs #2 response 2024-08-19: #2 (response, 2024-08-19) differs from "));
    assert_non_null(strstr(s.text, "truncated #3"));
    truce_store_close(other);
    tmp_remove_db(&db2);
    unlink(full.path);
}

static void test_import_tampered_copy_refused(void **state)
{
    fixture *f = *state;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(truce_ledger_export(f->store, out), 0);
    fclose(out);
    char *p = strstr(buf, "Hamas insists");
    assert_non_null(p);
    memcpy(p, "Hamas rejects", 13);
    tmpfile_ copy, db2;
    tmp_make(&copy, buf);
    free(buf);
    tmp_make(&db2, NULL);
    truce_store *other = NULL;
    assert_int_equal(truce_store_open(db2.path, &other), 0);
    seen d = {"", 0};
    truce_ledger_options opt = {collect_diag, &d, "test"};
    assert_int_equal(truce_ledger_import(other, copy.path, &opt, NULL, NULL), TRUCE_EINVALID);
    assert_non_null(strstr(d.text, "3:"));
    assert_non_null(strstr(d.text, "#3 (statement, 2024-08-20) does not match its hash"));
    assert_int_equal(entries(other), 0);
    /* verify on the copy alone names the entry */
    seen s = {"", 0};
    assert_int_equal(truce_ledger_verify_jsonl(copy.path, &opt, collect_problem, &s), 1);
    assert_non_null(strstr(s.text, "altered #3 statement 2024-08-20"));
    truce_store_close(other);
    tmp_remove_db(&db2);
    unlink(copy.path);
}

static void test_bad_jsonl(void **state)
{
    fixture *f = *state;
    tmpfile_ bad;
    tmp_make(&bad, "{\"kind\": \"statement\", \"party\": \"hamas\", \"date\": \"2024-08-21\", \"text\": \"a\", "
                   "\"source\": \"b\"}\n"
                   "\n"
                   "{\"kind\": \"statement\", \"date\": \"2024-13-01\", \"party\": \"hamas\"}\n"
                   "{\"kind\": \"response\", \"party\": \n"
                   "[1, 2]\n"
                   "{\"kind\": \"statment\", \"dat\": \"2024-08-21\"} x\n"
                   "{\"kind\": \"response\", \"to\": \"v1\", \"party\": \"hamas\", \"response\": \"maybe\", "
                   "\"date\": \"2024-08-22\", \"source\": \"c\"}\n");
    seen d = {"", 0};
    truce_ledger_options opt = {collect_diag, &d, "test"};
    size_t added = 7;
    assert_int_equal(truce_ledger_add_jsonl(f->store, bad.path, &opt, &added), TRUCE_ESYNTAX);
    assert_int_equal(added, 7);
    assert_non_null(strstr(d.text, "3:31: '2024-13-01' is not a date: write YYYY-MM-DD"));
    assert_non_null(strstr(d.text, "4:31: the line ends inside a JSON value"));
    assert_non_null(strstr(d.text, "5:1: each line must be a JSON object, got array"));
    assert_non_null(strstr(d.text, "6:43: text after the JSON object"));
    assert_non_null(strstr(d.text, "7:64: unknown response 'maybe'"));
    assert_int_equal(entries(f->store), 4); /* nothing written */
    /* the good line alone goes in */
    unlink(bad.path);
    tmp_make(&bad, "{\"kind\": \"statement\", \"party\": \"hamas\", \"date\": \"2024-08-21\", \"text\": \"a\", "
                   "\"source\": \"b\"}\n"
                   "{\"kind\": \"statment\", \"date\": \"2024-08-21\", \"dat\": 1}\n");
    memset(&d, 0, sizeof d);
    assert_int_equal(truce_ledger_add_jsonl(f->store, bad.path, &opt, &added), TRUCE_ESYNTAX);
    assert_non_null(strstr(d.text, "2:10: unknown kind 'statment'"));
    assert_non_null(strstr(d.text, "unknown key 'dat' | did you mean 'date'?"));
    unlink(bad.path);
    tmp_make(&bad, "{\"kind\": \"statement\", \"party\": \"hamas\", \"date\": \"2024-08-21\", \"text\": \"a\", "
                   "\"source\": \"b\"}\n");
    assert_int_equal(truce_ledger_add_jsonl(f->store, bad.path, &opt, &added), 0);
    assert_int_equal(added, 1);
    assert_int_equal(entries(f->store), 5);
    seen s;
    assert_int_equal(verify(f, NULL, &s), 0);
    unlink(bad.path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_close),
        cmocka_unit_test_setup_teardown(test_append_and_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_rejects_bad_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_triggers_guard_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tamper_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tamper_edit_with_rehash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tamper_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tamper_reorder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tamper_truncate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_against_clean, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_fork_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_tampered_copy_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_jsonl, setup, teardown),
    };
    return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
