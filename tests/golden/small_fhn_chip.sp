* fhn_hw trained FN chip, ngspice dialect
* format ...
* checkpoint ...
* profile ideal; quantised False
* units: SI (V, A, S, Ohm, F, H, m), plain exponent notation
*@ port in0 role=input feature=0 sign=1
*@ port in1 role=input feature=1 sign=1
*@ port in2 role=input feature=2 sign=1
*@ port in3 role=input feature=3 sign=1
*@ port rail4 role=bias voltage=1.0
*@ port out7 role=output class=0 sign=1
*@ port out8 role=output class=1 sign=1
*@ port out9 role=output class=2 sign=1
.subckt fhn_cell n gnd params: gain=1.0 lrec=1.2499999999999998 rrec=94999.99999999999 vrec=-0.7
Bcubic gnd n I = {gain*1e-05}*((v(n,gnd)/1.0) - (v(n,gnd)/1.0)*(v(n,gnd)/1.0)*(v(n,gnd)/1.0)/3)
Cm n gnd 1.0000000000000001e-11
Lrec n r1 {lrec}
Rrec r1 r2 {rrec}
Vrec r2 gnd DC {vrec}
.ends fhn_cell
.subckt fhn_chip in0 in1 in2 in3 rail4 out7 out8 out9 gnd
X5 n5 gnd fhn_cell
Ib5 gnd n5 DC 7e-06
X6 n6 gnd fhn_cell
Ib6 gnd n6 DC 7e-06
X7 out7 gnd fhn_cell
Ib7 gnd out7 DC 7.5e-06
X8 out8 gnd fhn_cell
Ib8 gnd out8 DC 7.5e-06
X9 out9 gnd fhn_cell
Ib9 gnd out9 DC 7.5e-06
R0 in0 n5 1000000.0
R1 in0 n6 250000.0
R2 in1 n5 500000.0
R3 in1 n6 200000.00000000003
R4 in2 n5 333333.3333333333
R5 in2 n6 166666.66666666666
R6 in3 n5 250000.0
R7 in3 n6 142857.14285714287
R8 rail4 n5 200000.00000000003
R9 rail4 n6 125000.0
R10 n5 out7 500000.0
R11 n5 out8 250000.0
R12 n5 out9 166666.66666666666
R13 n6 out7 250000.0
R14 n6 out8 166666.66666666666
R15 n6 out9 125000.0
.ends fhn_chip
