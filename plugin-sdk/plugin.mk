# The build rules the C plugin templates share: compile $(NAME).c into
# lib$(NAME).so against the installed Pacer plugin SDK, exporting only
# pacer_plugin_entry (exports.map), and install it where pacer looks.
# `make -C <plugin-sdk> install` installs this file as
# $(PREFIX)/share/pacer-plugin/plugin.mk; pkg-config's `makedir` variable
# of pacer-plugin names its folder. A plugin's Makefile sets NAME (and
# LDLIBS), then includes it:
#
#   NAME   ?= my_hook
#   LDLIBS ?= -lm
#   include $(shell pkg-config --variable=makedir pacer-plugin)/plugin.mk
#
# Targets: all (lib$(NAME).so), install (PLUGIN_DIR, mode 755, as the
# loader requires), check (pacer plugins check), clean. Variables: CC,
# CFLAGS (default -O2 -g), LDFLAGS, LDLIBS, PKG_CONFIG, PACER, PLUGIN_DIR.

PKG_CONFIG ?= pkg-config
PACER      ?= pacer
PLUGIN_DIR ?= $(HOME)/pacer-plugins
CFLAGS     ?= -O2 -g
WARNINGS   := -std=c11 -Wall -Wextra -pedantic

LIBRARY := lib$(NAME).so

all: $(LIBRARY)

$(LIBRARY): $(NAME).c exports.map
	$(CC) $(WARNINGS) $(CFLAGS) $$($(PKG_CONFIG) --cflags pacer-plugin) -fPIC -fvisibility=hidden \
	  -shared -Wl,--version-script=exports.map $(LDFLAGS) $(NAME).c -o $@ $(LDLIBS)

# Plugin files and folders must not be writable by group or others.
install: $(LIBRARY)
	install -d -m 755 $(PLUGIN_DIR)
	install -m 755 $(LIBRARY) $(PLUGIN_DIR)/$(LIBRARY)

check: $(LIBRARY)
	$(PACER) plugins check ./$(LIBRARY)

clean:
	rm -f $(LIBRARY)

.PHONY: all install check clean
