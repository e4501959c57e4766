/* Exchange-phase benchmark: builds a large world through the model's own
 * setup (agents ordered by region, small-world ties inside regions) and times
 * the exchange phase alone. Prints seconds per step and peak memory.
 *
 *   bench_exchange [agents=1000000] [mean_degree=20] [domains=16] [steps=5] [rewire=-1]
 * rewire >= 0 sets the rewired share of both layers (default: the baseline's).
 * Threads come from OMP_NUM_THREADS. */
#include "ric_model.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

int main(int argc, char **argv)
{
    long agents = argc > 1 ? atol(argv[1]) : 1000000;
    double degree = argc > 2 ? atof(argv[2]) : 20.0;
    long domains = argc > 3 ? atol(argv[3]) : 16;
    int steps = argc > 4 ? atoi(argv[4]) : 5;
    double rewire = argc > 5 ? atof(argv[5]) : -1.0;

    ric_params p;
    ric_params_default(&p);
    p.universities = agents / 400;
    p.institutes = agents / 400;
    p.intermediaries = agents / 100;
    p.firms = agents - p.universities - p.institutes - p.intermediaries;
    p.domains = domains;
    /* 30% of ties formal, 70% informal; every agent may learn over both. */
    p.layer[RIC_FORMAL].mean_degree = 0.3 * degree;
    p.layer[RIC_INFORMAL].mean_degree = 0.7 * degree;
    p.layer[RIC_INFORMAL].min_stage = 1;
    if (rewire >= 0)
        p.layer[RIC_FORMAL].rewire = p.layer[RIC_INFORMAL].rewire = rewire;
    ric_error err;
    ric_error_clear(&err);
    if (ric_params_validate(&p, &err) != RIC_OK) {
        fprintf(stderr, "bench_exchange: %s\n", err.msg);
        return 1;
    }
    ric_world w;
    ric_model m;
    ric_model_init(&m, &p);
    double t0 = omp_get_wtime();
    if (ric_world_init(&w, (size_t)domains, RIC_NLAYERS, 1, 0) != RIC_OK ||
        ric_model_setup(&m, &w, &err) != RIC_OK) {
        fprintf(stderr, "bench_exchange: setup failed: %s\n", err.msg);
        return 1;
    }
    double setup = omp_get_wtime() - t0;
    size_t directed = 2 * (w.layers[0].n + w.layers[1].n);
    /* One warm-up step (first touch of k_next), then the timed steps. */
    if (ric_phase_exchange(&w, &m, &err) != RIC_OK)
        return 1;
    t0 = omp_get_wtime();
    for (int s = 0; s < steps; s++)
        if (ric_phase_exchange(&w, &m, &err) != RIC_OK)
            return 1;
    double per = (omp_get_wtime() - t0) / steps;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("agents %zu  directed_ties %zu  domains %ld  rewire %g/%g  threads %d\n", w.agents.n,
           directed, domains, p.layer[RIC_FORMAL].rewire, p.layer[RIC_INFORMAL].rewire,
           omp_get_max_threads());
    printf("setup_s %.3f  exchange_s_per_step %.4f  peak_rss_mb %.0f\n", setup, per,
           ru.ru_maxrss / 1024.0);
    ric_world_destroy(&w);
    ric_model_destroy(&m);
    return 0;
}
