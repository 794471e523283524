#ifndef CLIBYAML_SHIM_H
#define CLIBYAML_SHIM_H
// The system libyaml (Debian package libyaml-dev), seen by Swift as the module CLibYAML.
#include <yaml.h>
#endif
