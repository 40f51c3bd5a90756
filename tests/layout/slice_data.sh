#!/bin/bash
# slice_data.sh DIR: writes the small dataset the slice tests cut (tests/cli/slices.sh,
# tests/browser/slices.sh): citations on period boundaries, one dated by its source, one
# by a year only, one with no date anywhere, an empty April, an entity with no relation.
set -eu
mkdir -p "$1"
cat >"$1/entities.csv" <<'CSV'
id,label,type
a,Alpha,person
b,Beta,person
c,Gamma,country
d,Delta,country
e,Epsilon,organization
f,Phi,organization
g,Loner,person
CSV
cat >"$1/sources.csv" <<'CSV'
id,title,date
s1,March source,2022-03
s2,Undated source,
CSV
cat >"$1/relations.csv" <<'CSV'
source,relation,target,polarity,date,doc,quote
a,meets,b,positive,2022-01-31,s2,Jan 31
b,supports,c,positive,2022-02-01,s2,Feb 1
c,opposes,d,negative,,s1,March by its source
d,meets,e,neutral,,s2,no date anywhere
e,supports,f,positive,2022-05-15,s1,May 15
a,knows,f,neutral,2022,s2,the year 2022
CSV
