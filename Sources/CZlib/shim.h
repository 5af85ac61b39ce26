// zlib, for reading gzip CloudTrail log files.
#include <zlib.h>
