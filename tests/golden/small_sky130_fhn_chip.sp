* fhn_hw trained FN chip, ngspice dialect
* format ...
* checkpoint ...
* profile sky130_poly; quantised False
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
.model sky130_fd_pr__res_xhigh_po R (rsh=2000.0)
.subckt fhn_chip in0 in1 in2 in3 rail4 out7 out8 out9 gnd
X5 n5 gnd fhn_cell params: gain=1.016983107493861 lrec=1.2498562001051197 rrec=95044.09365407312 vrec=-0.6938168070283749
Ib5 gnd n5 DC 7e-06
X6 n6 gnd fhn_cell params: gain=0.9917037437769637 lrec=1.2472924323331533 rrec=94771.68567255141 vrec=-0.693427607112964
Ib6 gnd n6 DC 7e-06
X7 out7 gnd fhn_cell params: gain=0.9989116276858423 lrec=1.2322303402007835 rrec=94284.68285842492 vrec=-0.6912738418530896
Ib7 gnd out7 DC 7.5e-06
X8 out8 gnd fhn_cell params: gain=1.0118387198217116 lrec=1.254722873826086 rrec=94657.739842443 vrec=-0.7038668970851135
Ib8 gnd out8 DC 7.5e-06
X9 out9 gnd fhn_cell params: gain=1.0061647560798896 lrec=1.2477549480704124 rrec=95017.06736866657 vrec=-0.6912435440524959
Ib9 gnd out9 DC 7.5e-06
R0 in0 n5 sky130_fd_pr__res_xhigh_po l=0.000175 w=3.5e-07
R1 in0 n6 sky130_fd_pr__res_xhigh_po l=4.375e-05 w=3.5e-07
R2 in1 n5 sky130_fd_pr__res_xhigh_po l=8.75e-05 w=3.5e-07
R3 in1 n6 sky130_fd_pr__res_xhigh_po l=3.5000000000000004e-05 w=3.5e-07
R4 in2 n5 sky130_fd_pr__res_xhigh_po l=5.8333333333333326e-05 w=3.5e-07
R5 in2 n6 sky130_fd_pr__res_xhigh_po l=2.9166666666666663e-05 w=3.5e-07
R6 in3 n5 sky130_fd_pr__res_xhigh_po l=4.375e-05 w=3.5e-07
R7 in3 n6 sky130_fd_pr__res_xhigh_po l=2.5e-05 w=3.5e-07
R8 rail4 n5 sky130_fd_pr__res_xhigh_po l=3.5000000000000004e-05 w=3.5e-07
R9 rail4 n6 sky130_fd_pr__res_xhigh_po l=2.1875e-05 w=3.5e-07
R10 n5 out7 sky130_fd_pr__res_xhigh_po l=8.75e-05 w=3.5e-07
R11 n5 out8 sky130_fd_pr__res_xhigh_po l=4.375e-05 w=3.5e-07
R12 n5 out9 sky130_fd_pr__res_xhigh_po l=2.9166666666666663e-05 w=3.5e-07
R13 n6 out7 sky130_fd_pr__res_xhigh_po l=4.375e-05 w=3.5e-07
R14 n6 out8 sky130_fd_pr__res_xhigh_po l=2.9166666666666663e-05 w=3.5e-07
R15 n6 out9 sky130_fd_pr__res_xhigh_po l=2.1875e-05 w=3.5e-07
.ends fhn_chip
