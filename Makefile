# sesramp: see README.md.  `make help` lists the targets.
include config.mk

BUILD ?= build/debug
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Evaluated when a recipe runs, after `deps` has installed pkg-config.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) $(CSV_LIBS)
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS))
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS))

CPPFLAGS += -I. -DSR_VERSION=\"$(VERSION)\"
# DEFS: per-target defines (not overridden by EXTRA_CFLAGS on the command line)
ALL_CFLAGS = $(STD) $(WARN) $(OPT) $(EXTRA_CFLAGS) $(DEFS) $(PKG_CFLAGS) -MMD -MP
LDLIBS = $(PKG_LIBS) -lm -lpthread

SIM_SRC = sim/clock.c sim/queue.c sim/engine.c sim/rng.c sim/stats.c \
	sim/replicate.c sim/hist.c
MODEL_SRC = models/report.c models/delay.c models/limiter.c models/account.c \
	models/reputation.c models/suppression.c models/growth.c \
	models/requests.c models/stream.c models/workload.c models/replay.c \
	models/feedback.c models/flow.c models/client.c models/router.c \
	models/world.c
OUTPUT_SRC = output/observe.c output/csvout.c output/results.c \
	output/request.c output/metrics.c output/need.c output/eventlog.c \
	output/record.c \
	output/montecarlo.c output/advice.c
# The scenario parser: also linked into its tests and the fuzz targets.
SCENARIO_SRC = cli/scenario.c cli/scenario_finish.c cli/scenario_write.c \
	cli/keys.c cli/kinds.c cli/kinds_list.c cli/values.c
CLI_SRC = cli/main.c $(SCENARIO_SRC) cli/plot.c cli/common.c cli/batch.c \
	cli/run.c cli/compare.c cli/when.c cli/limits.c cli/interrupt.c
PROG = sesramp
LIB_SRC = $(SIM_SRC) $(MODEL_SRC) $(OUTPUT_SRC)
LIB = $(BUILD)/libsesramp.a

# Test cases live in tests/test_NAME.c; helpers shared by tests below.
TESTS = clock queue engine rng stats replicate hist queueing limiter account \
	sandbox reputation suppression growth requests workload replay \
	feedback client router world observe request need eventlog scenario cli \
	mc crash robust corpus badinput
TEST_HELPERS = tests/queueing.c tests/prog.c
BENCHES = mm1 year
MC_REPS = 1000
QUEUE_BENCH = $(BUILD)/bench/queue_d2 $(BUILD)/bench/queue_d4

LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
HELPER_OBJ = $(TEST_HELPERS:%.c=$(BUILD)/%.o)
TEST_BIN = $(TESTS:%=$(BUILD)/tests/test_%)
BENCH_BIN = $(BENCHES:%=$(BUILD)/bench/%)
DEMO_BIN = $(BUILD)/tests/queueing_demo
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
SCENARIO_OBJ = $(SCENARIO_SRC:%.c=$(BUILD)/%.o)
DEMO_SCENARIO = scenarios/migrate-quota-following.ini

.PHONY: all deps deps-demo build test check sanitize bench demo clean \
	install uninstall help

all: $(PROG)

help:
	@echo "make demo       install what is missing, build, run the demonstration"
	@echo "make test       install what is missing, build, run every test"
	@echo "make sanitize   the tests under AddressSanitizer + UBSan"
	@echo "make bench      optimised build, run the benchmarks"
	@echo "make install    install under PREFIX (now $(PREFIX)), with DESTDIR"
	@echo "make fuzz       run each fuzz target FUZZ_SECONDS (60) (needs clang)"
	@echo "make update-golden  rewrite tests/golden/ from the example scenarios"
	@echo "make clean      remove build outputs"

deps:
	@sh tools/deps.sh

deps-demo:
	@sh tools/deps.sh --with-plots

build: $(LIB) $(DEMO_BIN) $(PROG)

$(PROG): $(BUILD)/$(PROG)
	cp $(BUILD)/$(PROG) $@

$(BUILD)/$(PROG): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/cli/plot.o: DEFS = -DSR_PLOTDIR=\"$(PREFIX)/share/sesramp/plots\"

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(TEST_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(HELPER_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(TEST_LIBS) $(LDLIBS)

# The scenario parser lives in cli/, outside the library.
$(BUILD)/tests/test_scenario: $(BUILD)/tests/test_scenario.o \
		$(SCENARIO_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(TEST_LIBS) $(LDLIBS)

# The program's own test runs the program built in the same folder.
$(BUILD)/tests/test_cli.o: DEFS = -DSR_SOURCE=\"$(CURDIR)\"
$(BUILD)/tests/prog.o: DEFS = -DSR_PROG=\"$(BUILD)/$(PROG)\" \
	-DSR_SOURCE=\"$(CURDIR)\"
# Tests that run the program: they need it built first.
PROG_TESTS = cli mc crash robust
$(PROG_TESTS:%=$(BUILD)/tests/test_%): $(BUILD)/tests/test_%: \
		$(BUILD)/tests/test_%.o $(HELPER_OBJ) $(LIB) $(BUILD)/$(PROG)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(HELPER_OBJ) $(LIB) $(TEST_LIBS) $(LDLIBS)
# The bad-input catalogue: one case per folder of tests/bad-input/.
$(BUILD)/tests/test_badinput.o: DEFS = -DSR_PROG=\"$(BUILD)/$(PROG)\" \
	-DSR_SOURCE=\"$(CURDIR)\"
$(BUILD)/tests/test_badinput: $(BUILD)/tests/test_badinput.o $(HELPER_OBJ) \
		$(LIB) $(BUILD)/$(PROG)
	$(CC) $(ALL_CFLAGS) -o $@ $(BUILD)/tests/test_badinput.o $(HELPER_OBJ) \
		$(LIB) $(TEST_LIBS) $(LDLIBS)

# The fuzz targets' corpora replayed without clang: each target is compiled
# with its entry point renamed fuzz_NAME_one.
FUZZ_TARGETS = scenario replay values
FUZZ_ONE = $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz_%_one.o)
$(FUZZ_ONE): $(BUILD)/tests/fuzz_%_one.o: tests/fuzz/fuzz_%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -DLLVMFuzzerTestOneInput=fuzz_$*_one \
		-c $< -o $@
$(BUILD)/tests/test_corpus.o: DEFS = -DSR_SOURCE=\"$(CURDIR)\"
$(BUILD)/tests/test_corpus: $(BUILD)/tests/test_corpus.o $(FUZZ_ONE) \
		$(SCENARIO_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(TEST_LIBS) $(LDLIBS)

$(DEMO_BIN): $(BUILD)/tests/queueing_demo.o $(BUILD)/tests/queueing.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BUILD)/tests/queueing.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# The queue alone, once per heap arity.
$(BUILD)/bench/queue_d%: bench/queue.c sim/queue.c sim/rng.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DSR_QUEUE_ARITY=$* $(ALL_CFLAGS) -MF $(@D)/arity$*.d -o $@ \
		bench/queue.c sim/queue.c sim/rng.c $(LDLIBS)

# The two commands of the README: each installs what it needs first.
test: deps
	@$(MAKE) --no-print-directory check

check: $(TEST_BIN)
	@sh tests/run-tests.sh $(TEST_BIN)

sanitize: deps
	@$(MAKE) --no-print-directory check BUILD=build/sanitize \
		EXTRA_CFLAGS="$(SAN)" OPT="-O1 -g"

bench: deps
	@$(MAKE) --no-print-directory run-bench BUILD=build/release \
		OPT="-O2 -DNDEBUG"

# Fuzzing with clang's libFuzzer: each target runs FUZZ_SECONDS (60) from
# its seed corpus in tests/fuzz/corpus/; findings are written as crash-*.
FUZZ_SECONDS = 60
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined $(STD) -I. \
	$(PKG_CFLAGS) -DSR_VERSION=\"$(VERSION)\"
FUZZ_DIR = build/fuzz

.PHONY: fuzz
fuzz: deps
	@mkdir -p $(FUZZ_DIR)
	clang $(FUZZ_CFLAGS) -o $(FUZZ_DIR)/fuzz_scenario tests/fuzz/fuzz_scenario.c \
		$(SCENARIO_SRC) $(LIB_SRC) $(PKG_LIBS) -lm -lpthread
	clang $(FUZZ_CFLAGS) -o $(FUZZ_DIR)/fuzz_replay tests/fuzz/fuzz_replay.c \
		models/replay.c sim/clock.c $(CSV_LIBS) -lm
	clang $(FUZZ_CFLAGS) -o $(FUZZ_DIR)/fuzz_values tests/fuzz/fuzz_values.c \
		$(SCENARIO_SRC) $(LIB_SRC) $(PKG_LIBS) -lm -lpthread
	@for t in scenario replay values; do \
		mkdir -p $(FUZZ_DIR)/corpus-$$t && \
		cp tests/fuzz/corpus/$$t/* $(FUZZ_DIR)/corpus-$$t/ && \
		$(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
			-timeout=10 -artifact_prefix=$(FUZZ_DIR)/ \
			$(FUZZ_DIR)/corpus-$$t || exit 1; \
	done

.PHONY: update-golden
update-golden: $(PROG)
	sh tools/update-golden.sh ./$(PROG)

.PHONY: run-bench
run-bench: $(BENCH_BIN) $(QUEUE_BENCH) $(BUILD)/bench/mc $(BUILD)/$(PROG)
	@for b in $(BENCH_BIN) $(QUEUE_BENCH); do $$b || exit 1; done
	@$(BUILD)/bench/mc $(BUILD)/$(PROG) bench/mc.ini $(MC_REPS)

demo: deps-demo
	@$(MAKE) --no-print-directory build
	./$(PROG) run $(DEMO_SCENARIO)

install: $(PROG)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/sesramp/plots
	install -m 755 $(PROG) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 output/plots/*.gp $(DESTDIR)$(PREFIX)/share/sesramp/plots/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/$(PROG)
	rm -rf $(DESTDIR)$(PREFIX)/share/sesramp

clean:
	rm -rf build $(PROG)

-include $(shell find build -name '*.d' 2>/dev/null)
