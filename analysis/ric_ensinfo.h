/* What an ensemble directory holds, for readers: from DIR/ensemble.txt (the
 * ricsim version, scenario, --set list, seeds, warm-up, the factor values of
 * each design point) and the scenario file loaded with those settings (its
 * interventions: type, start, end, budget, targets). Plain text only: no
 * HDF5 is read here. */
#ifndef RIC_ENSINFO_H
#define RIC_ENSINFO_H

#include "ric_error.h"

#include <stddef.h>
#include <stdint.h>

#define RIC_ENSINFO_MAX_IV 16

typedef struct ric_ensinfo_iv {
    char type[32];
    int64_t start, end; /* steps; end -1: to the end of the run */
    double budget;      /* total budget as the scenario gives it (won, national); 0: none */
    double spend;       /* or budget per step */
    char targets[256];  /* "firm; sme, startup; all regions" */
} ric_ensinfo_iv;

/* Caller-owned; init/destroy pair. */
typedef struct ric_ensinfo {
    char dir[4096];       /* the ensemble directory */
    char name[128];       /* its last path component */
    char version[32];     /* ricsim version that wrote it */
    char scenario[4096];  /* scenario path as recorded */
    char warmup[4096];    /* warm-up directory as recorded, "" if none */
    char warmup_id[4096]; /* the warm-up's real path (pairing), "" if none */
    uint64_t master_seed;
    int common_seeds;
    int64_t replications;
    int64_t steps; /* of the runs (scenario with its settings), -1 if unknown */
    double scale;  /* world.scale, NaN if unknown */
    char (*sets)[256];
    size_t nsets;
    size_t npoints;
    char (*point_label)[256]; /* "strength=0.5, price=2" per design point ("" without a design) */
    size_t nfactors;
    char (*factor)[128]; /* factor keys */
    double *value;       /* [npoints][nfactors] as numbers (NaN if not numeric) */
    int loaded;          /* the scenario could be loaded: the fields below are set */
    char load_error[512];
    char description[512]; /* the scenario file's first comment line(s) */
    size_t niv;
    ric_ensinfo_iv iv[RIC_ENSINFO_MAX_IV];
} ric_ensinfo;

void ric_ensinfo_init(ric_ensinfo *e);
void ric_ensinfo_destroy(ric_ensinfo *e);

/* Reads path (an ensemble directory or its ensemble.h5). A missing or
 * unreadable ensemble.txt is RIC_ENOENT; a scenario that cannot be loaded
 * is not an error (loaded = 0, load_error says why). */
ric_status ric_ensinfo_read(ric_ensinfo *e, const char *path, ric_error *err);

/* The directory of path (an ensemble directory or its index file). */
void ric_ensinfo_dir(const char *path, char *dir, size_t size);

/* Earliest intervention start over the ensembles (steps), -1 if none. */
int64_t ric_ensinfo_policy_start(const ric_ensinfo *e, size_t n);

/* One line: "lead_users from year 10 (step 120) to the end, budget 7.5e+11
 * won (national total, x world.scale 0.027 simulated); targets ..." */
void ric_ensinfo_describe_iv(const ric_ensinfo *e, size_t k, char *buf, size_t size);

#endif
