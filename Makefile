# truce: one command builds everything (`make`), no configure step.
#   make              library (build/libtruce.a, build/libtruce.so) and build/truce
#   make check        the whole test suite (tests/run)
#   make check SANITIZE=1   the same under AddressSanitizer and UndefinedBehaviorSanitizer
#   make fuzz         libFuzzer targets (clang) in build-fuzz/
#   make install PREFIX=/usr/local
#   make CC=clang     any C17 compiler

CC ?= cc
PREFIX ?= /usr/local
PKGS = yaml-0.1 json-c proj geos sqlite3 libcrypto libxml-2.0
WARN = -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wvla -Wno-sign-conversion
OPT ?= -O2 -g
ifeq ($(WERROR),1)
  WARN += -Werror
endif
ifeq ($(SANITIZE),1)
  BUILD ?= build-san
  OPT = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  SANLDFLAGS = -fsanitize=address,undefined
else
  BUILD ?= build
endif
CFLAGS += -std=c17 -D_GNU_SOURCE $(WARN) $(OPT) -fPIC -Iinclude -Isrc \
          $(shell pkg-config --cflags $(PKGS)) -DGEOS_USE_ONLY_R_API
LDLIBS += $(shell pkg-config --libs $(PKGS)) -lm
LDFLAGS += $(SANLDFLAGS)

LIB_SRC = $(wildcard src/*/*.c)
CLI_SRC = $(wildcard cli/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/replay_%)
BENCH_BIN = $(BUILD)/bench/gen_agreement

all: $(BUILD)/truce $(BUILD)/libtruce.so $(BUILD)/truce.pc

# V=1 shows the full commands
Q = $(if $(V),,@)

$(BUILD)/%.o: %.c $(wildcard include/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libtruce.a: $(LIB_OBJ)
	@$(if $(V),,echo "  AR      $@")
	$(Q)rm -f $@; ar rcs $@ $^

$(BUILD)/libtruce.so: $(LIB_OBJ)
	@$(if $(V),,echo "  LD      $@")
	$(Q)$(CC) -shared -Wl,-soname,libtruce.so.0 $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/truce: $(CLI_OBJ) $(BUILD)/libtruce.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/truce.pc: truce.pc.in
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/#define TRUCE_VERSION "\(.*\)"/\1/p' include/truce.h)|' $< > $@

$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/libtruce.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs cmocka)

$(BUILD)/tests/replay_%: tests/fuzz/%.c tests/fuzz/replay.c $(BUILD)/libtruce.a $(wildcard tests/fuzz/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter-out %.h,$^) $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libtruce.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests: all $(UNIT_BIN) $(REPLAY_BIN)

# The README's first command: the example through every view, into build/example/
EXAMPLE = examples/gaza-2024-bridging/agreement.yaml
example: all
	@mkdir -p $(BUILD)/example
	$(BUILD)/truce check $(EXAMPLE)
	$(BUILD)/truce timeline $(EXAMPLE)
	$(BUILD)/truce timeline $(EXAMPLE) --format svg -o $(BUILD)/example/timeline.svg
	$(BUILD)/truce map $(EXAMPLE) --format svg -o $(BUILD)/example/map.svg
	$(BUILD)/truce map $(EXAMPLE) --format geojson -o $(BUILD)/example/zones.geojson
	$(BUILD)/truce show $(EXAMPLE) --format markdown -o $(BUILD)/example/agreement.md
	$(BUILD)/truce synth $(EXAMPLE) --days 42 --seed 1 --out $(BUILD)/example/synthetic
	rm -f $(BUILD)/example/truce.db $(BUILD)/example/truce.db-wal $(BUILD)/example/truce.db-shm
	$(BUILD)/truce ingest --db $(BUILD)/example/truce.db $(EXAMPLE) $(BUILD)/example/synthetic/synthetic-*
	$(BUILD)/truce status $(EXAMPLE) --db $(BUILD)/example/truce.db --start 2025-01-19 --at 2025-03-01 -o $(BUILD)/example/status.txt
	$(BUILD)/truce report $(EXAMPLE) --db $(BUILD)/example/truce.db --start 2025-01-19 --at 2025-03-01 --format html -o $(BUILD)/example/report.html
	@echo "wrote $(BUILD)/example/: timeline.svg map.svg zones.geojson agreement.md, and from SYNTHETIC reports"
	@echo "(synthetic/, truce.db, day 1 assumed 2025-01-19): status.txt report.html"

check: tests
	BUILD=$(BUILD) tests/run

bench: all $(BENCH_BIN)
	BUILD=$(BUILD) bench/run

# the mediation benchmark (bench/mediate/README.md); run it with bench/mediate/run
bench-mediate: $(BUILD)/bench/mediate/bench

# the corridor benchmark's programs (bench/corridor/README.md); run it with bench/corridor/run [N]
bench-corridor: $(BUILD)/bench/corridor/gen $(BUILD)/bench/corridor/eval
$(BUILD)/bench/corridor/%: bench/corridor/%.c bench/corridor/corridor.h $(BUILD)/libtruce.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libtruce.a $(LDLIBS)

FUZZ_CFLAGS = -std=c17 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
              $(shell pkg-config --cflags $(PKGS))
# the library once, instrumented (fuzzer-no-link), then each target linked against it
FUZZ_OBJ = $(LIB_SRC:%.c=build-fuzz/%.o)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
build-fuzz/%.o: %.c $(wildcard include/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $< (fuzz)")
	$(Q)clang $(subst fuzzer,fuzzer-no-link,$(FUZZ_CFLAGS)) -c $< -o $@
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ) $(wildcard tests/fuzz/*.h)
	@$(if $(V),,echo "  LD      $@")
	$(Q)clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(LDLIBS)
fuzz: $(FUZZ_BIN)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/truce $(DESTDIR)$(PREFIX)/bin/truce
	install -m 644 $(BUILD)/libtruce.a $(DESTDIR)$(PREFIX)/lib/libtruce.a
	install -m 755 $(BUILD)/libtruce.so $(DESTDIR)$(PREFIX)/lib/libtruce.so.0
	ln -sf libtruce.so.0 $(DESTDIR)$(PREFIX)/lib/libtruce.so
	install -m 644 include/truce.h $(DESTDIR)$(PREFIX)/include/truce.h
	install -m 644 $(BUILD)/truce.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/truce.pc
	install -m 644 man/truce.1 $(DESTDIR)$(PREFIX)/share/man/man1/truce.1

clean:
	rm -rf build build-san build-fuzz

.PHONY: all tests check bench bench-corridor bench-mediate fuzz install clean example
.SECONDARY:
