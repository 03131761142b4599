/**
 * Prints the README's table of the accuracy of compositions: each expression of
 * scripts/generate_expression_fixtures.py against its mpmath references, the worst error of f to
 * f‴ in ulps and the points where an intermediate overflows. `npx tsx scripts/measure-expressions.ts`;
 * test/core/expressions.test.ts fails when the README's table differs from this.
 */
import { expressionTable, measureExpressions } from '../test/helpers/measure-expressions.ts';

process.stdout.write(expressionTable(measureExpressions()));
