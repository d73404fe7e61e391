/*
 * Configuration: hdf/defaults.hdf under Paths.Data, then the instance's
 * config file on top, so a deployment only writes what differs, then the
 * optional Paths.Var/local.hdf.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/conf.h"
#include "lib/util.h"

#ifndef KAMETAY_DATADIR
#define KAMETAY_DATADIR "/usr/local/share/kametay"
#endif

HDF *
config_load(const char *path)
{
	HDF		*conf = NULL, *probe = NULL;
	NEOERR		*err;
	const char	*data;
	char		*defaults = NULL, *local = NULL;

	do {
		/* read once to learn Paths.Data, then defaults and the file again on top */
		if ((err = hdf_init(&probe)) != STATUS_OK)
			break;
		if ((err = hdf_read_file(probe, path)) != STATUS_OK)
			break;
		data = hdf_get_value(probe, "Paths.Data", KAMETAY_DATADIR);
		defaults = xasprintf("%s/hdf/defaults.hdf", data);
		if ((err = hdf_init(&conf)) != STATUS_OK)
			break;
		if ((err = hdf_read_file(conf, defaults)) != STATUS_OK)
			break;
		if ((err = hdf_read_file(conf, path)) != STATUS_OK)
			break;
		/*
		 * Paths.Var/local.hdf, if there is one, goes on top: settings an
		 * operator (or a test) adds without touching the file ./dev
		 * writes anew at each start, picked up on SIGHUP.
		 */
		local = xasprintf("%s/local.hdf", hdf_get_value(conf, "Paths.Var", "var"));
		if (access(local, F_OK) == 0 && (err = hdf_read_file(conf, local)) != STATUS_OK)
			break;
		if ((err = hdf_set_value(conf, "Paths.Data", data)) != STATUS_OK)
			break;
	} while (0);
	if (err != STATUS_OK) {
		klog_nerr(path, &err);
		hdf_destroy(&conf);
	}
	free(defaults);
	free(local);
	hdf_destroy(&probe);
	return conf;
}

const char *
conf_str(HDF *conf, const char *key, const char *def)
{
	return hdf_get_value(conf, key, def);
}

int
conf_int(HDF *conf, const char *key, int def)
{
	return hdf_get_int_value(conf, key, def);
}
