/*
 * floor - the benchmark floor for venuecheck: read YAML files and run
 * libyaml's event parser over every event, nothing else (no tree, no
 * checks, one thread).
 *
 *   build/bench/floor DIR|FILE...      directories are walked recursively
 *                                      (*.yaml, *.yml), like venuecheck
 *   build/bench/floor -                read the paths from standard input
 *
 * Each file is read whole into memory (as venuecheck does) and parsed with
 * yaml_parser_parse until YAML_STREAM_END_EVENT.  On standard error it
 * prints: files, bytes, events.  Exit 0, or 2 when a file cannot be read
 * or parsed (the rest are still parsed).
 *
 * Build: cc -O2 bench/floor.c $(pkg-config --cflags --libs yaml-0.1)
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static unsigned long long n_files, n_bytes, n_events;
static int status;
static unsigned char *buf;
static size_t buf_cap;

static int parse_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t len = 0;
    for (;;) {
        if (len == buf_cap) {
            size_t cap = buf_cap ? buf_cap * 2 : 65536;
            unsigned char *nb = realloc(buf, cap);
            if (!nb) {
                fclose(f);
                fprintf(stderr, "floor: out of memory\n");
                exit(2);
            }
            buf = nb;
            buf_cap = cap;
        }
        size_t got = fread(buf + len, 1, buf_cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "floor: %s: read error\n", path);
        return -1;
    }

    yaml_parser_t parser;
    yaml_event_t event;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "floor: cannot initialise libyaml\n");
        exit(2);
    }
    yaml_parser_set_input_string(&parser, buf, len);
    int rc = 0;
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "floor: %s:%zu:%zu: %s\n", path,
                    parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "YAML error");
            rc = -1;
            break;
        }
        n_events++;
        yaml_event_type_t type = event.type;
        yaml_event_delete(&event);
        if (type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&parser);
    n_files++;
    n_bytes += len;
    return rc;
}

static int has_yaml_ext(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walk a directory in byte-sorted order, as venuecheck does. */
static void walk(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "floor: %s: %s\n", dir, strerror(errno));
        status = 2;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn)
                exit(2);
            names = nn;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (!path)
            exit(2);
        snprintf(path, len, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            walk(path);
        else if (has_yaml_ext(names[i]) && parse_file(path) != 0)
            status = 2;
        free(path);
        free(names[i]);
    }
    free(names);
}

static void do_arg(const char *arg)
{
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        walk(arg);
    else if (parse_file(arg) != 0)
        status = 2;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: floor DIR|FILE... | floor -   (paths on stdin)\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            char *line = NULL;
            size_t cap = 0;
            ssize_t got;
            while ((got = getline(&line, &cap, stdin)) > 0) {
                if (line[got - 1] == '\n')
                    line[--got] = '\0';
                if (got > 0)
                    do_arg(line);
            }
            free(line);
        } else {
            do_arg(argv[i]);
        }
    }
    free(buf);
    fprintf(stderr, "floor: %llu files, %llu bytes, %llu events\n", n_files, n_bytes,
            n_events);
    return status;
}
