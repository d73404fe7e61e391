/*
 * lib/config.c: the configuration tree (defaults.hdf, then the file).
 */
#ifndef KT_LIB_CONF_H
#define KT_LIB_CONF_H

/* ClearSilver's cs_config.h defines autoconf's PACKAGE_* macros again */
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_VERSION
#include <ClearSilver.h>

/*
 * Reads the defaults (Paths.Data/hdf/defaults.hdf) and then the config
 * file on top.  Returns NULL (and logs) on error; caller owns the HDF.
 */
HDF	*config_load(const char *path);
const char *conf_str(HDF *conf, const char *key, const char *def);
int	 conf_int(HDF *conf, const char *key, int def);

#endif
