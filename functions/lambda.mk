# The sam build step of every function (template.yaml: Metadata BuildMethod makefile, CodeUri functions/<module>).
# sam build runs `make --makefile functions/<module>/Makefile build-<LogicalId>` with ARTIFACTS_DIR set, working in
# a copy of the module directory. The jars are built by the Maven Wrapper from the project root, all four at once
# (and only when a source is newer than this function's jar); the function's shaded jar then goes to the artifact's
# lib/, where the Java runtime loads it from. Builds must run one at a time (samconfig.toml: parallel = false).
MODULE_DIR := $(abspath $(dir $(firstword $(MAKEFILE_LIST))))
ROOT := $(abspath $(MODULE_DIR)/../..)
FUNCTION_MODULES := functions/admission,functions/orders,functions/admin,functions/reconciler,functions/accounts
NEWEST_JAR = $(firstword $(shell ls -t "$(MODULE_DIR)"/target/*-lambda.jar 2>/dev/null))
STALE = $(if $(NEWEST_JAR),$(shell find "$(ROOT)/functions" "$(ROOT)/pom.xml" -name target -prune -o -type f \
          \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -newer "$(NEWEST_JAR)" -print -quit),missing)

.PHONY: build-$(FUNCTION)
build-$(FUNCTION):
	@test -n "$(ARTIFACTS_DIR)" || { echo "build-$(FUNCTION): ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	@test -x "$(ROOT)/mvnw" || { echo "build-$(FUNCTION): no Maven Wrapper at $(ROOT) (run sam build from the project, without --use-container)" >&2; exit 2; }
	@if [ -n "$(STALE)" ]; then \
	  echo "build-$(FUNCTION): building the function jars with the Maven Wrapper..." >&2; \
	  cd "$(ROOT)" && ./mvnw -q -B -DskipTests package -pl $(FUNCTION_MODULES) -am >&2; \
	fi
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$$(ls -t "$(MODULE_DIR)"/target/*-lambda.jar | head -n 1)" "$(ARTIFACTS_DIR)/lib/"
