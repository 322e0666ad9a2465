-- Wilson score interval (95 %) for k successes out of n; NULL when n = 0.
CREATE OR REPLACE MACRO wilson_low(k, n) AS CASE WHEN n > 0 THEN
    ((k / n) + 1.96 ^ 2 / (2 * n) - 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 ^ 2 / (4 * n ^ 2)))
    / (1 + 1.96 ^ 2 / n) END;
CREATE OR REPLACE MACRO wilson_high(k, n) AS CASE WHEN n > 0 THEN
    ((k / n) + 1.96 ^ 2 / (2 * n) + 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 ^ 2 / (4 * n ^ 2)))
    / (1 + 1.96 ^ 2 / n) END;
-- The TensorFlow side counts Keras: the 2019 study folded it in, and most Keras code ran on TensorFlow.
CREATE OR REPLACE MACRO is_tensorflow(framework) AS framework IN ('tensorflow', 'keras');
