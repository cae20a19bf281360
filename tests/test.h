/* test: what every cmocka test file includes, in the order cmocka needs. */
#ifndef SR_TEST_H
#define SR_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#endif
