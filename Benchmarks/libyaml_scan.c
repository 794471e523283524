/*
 * libyaml_scan: the floor for the manifest benchmark (docs/performance.md).
 *
 * A bare libyaml event scan: for each file named on the command line, read it whole,
 * run yaml_parser_parse until STREAM_END, count the events (and documents) and free
 * them. No tree is built and nothing is validated. Prints the totals; exits 1 on a
 * read or parse error (naming FILE:LINE:COLUMN), 2 on bad usage.
 *
 * Build:
 *   cc -O2 -o .build-bench/libyaml_scan Benchmarks/libyaml_scan.c \
 *      $(pkg-config --cflags --libs yaml-0.1)
 * Run:
 *   .build-bench/libyaml_scan .build-bench/estate/estate-*.yaml
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include <yaml.h>

static unsigned char *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: error: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        fprintf(stderr, "%s: error: out of memory\n", path);
        return NULL;
    }
    for (;;) {
        if (len == cap) {
            unsigned char *bigger = realloc(buf, cap *= 2);
            if (!bigger) {
                free(buf);
                fclose(f);
                fprintf(stderr, "%s: error: out of memory\n", path);
                return NULL;
            }
            buf = bigger;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f)) {
                fprintf(stderr, "%s: error: read failed\n", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            break;
        }
    }
    fclose(f);
    *size = len;
    return buf;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 2;
    }
    unsigned long long events = 0, documents = 0, bytes = 0;
    int files = 0;
    for (int i = 1; i < argc; i++) {
        size_t size = 0;
        unsigned char *data = read_file(argv[i], &size);
        if (!data)
            return 1;
        yaml_parser_t parser;
        if (!yaml_parser_initialize(&parser)) {
            fprintf(stderr, "%s: error: cannot initialise the parser\n", argv[i]);
            free(data);
            return 1;
        }
        yaml_parser_set_input_string(&parser, data, size);
        int done = 0;
        while (!done) {
            yaml_event_t event;
            if (!yaml_parser_parse(&parser, &event)) {
                fprintf(stderr, "%s:%lu:%lu: error: %s%s%s\n", argv[i],
                        (unsigned long)parser.problem_mark.line + 1,
                        (unsigned long)parser.problem_mark.column + 1,
                        parser.problem ? parser.problem : "parse error",
                        parser.context ? " " : "",
                        parser.context ? parser.context : "");
                yaml_parser_delete(&parser);
                free(data);
                return 1;
            }
            events++;
            if (event.type == YAML_DOCUMENT_START_EVENT)
                documents++;
            done = (event.type == YAML_STREAM_END_EVENT);
            yaml_event_delete(&event);
        }
        yaml_parser_delete(&parser);
        free(data);
        bytes += size;
        files++;
    }
    printf("%d files, %llu bytes, %llu documents, %llu events\n", files, bytes, documents, events);
    return 0;
}
