* fhn_hw trained FN chip, ngspice dialect
* format fhn_hw.export/1; fhn_hw 0.1.0; written 2026-12-04T15:46:02Z
* checkpoint sha256 1198e7052bcd0d9762b1cc6895f1bab8f393e7389552404b89a72151da5c28d0
* profile sky130_poly; quantised True
* units: SI (V, A, S, Ohm, F, H, m), plain exponent notation
*@ port in0 role=input feature=0 sign=1
*@ port in1 role=input feature=0 sign=-1
*@ port in2 role=input feature=1 sign=1
*@ port in3 role=input feature=1 sign=-1
*@ port in4 role=input feature=2 sign=1
*@ port in5 role=input feature=2 sign=-1
*@ port in6 role=input feature=3 sign=1
*@ port in7 role=input feature=3 sign=-1
*@ port rail8 role=bias voltage=1.0
*@ port rail9 role=bias voltage=-1.0
*@ port out42 role=output class=0 sign=1
*@ port out43 role=output class=0 sign=-1
*@ port out44 role=output class=1 sign=1
*@ port out45 role=output class=1 sign=-1
*@ port out46 role=output class=2 sign=1
*@ port out47 role=output class=2 sign=-1
.subckt fhn_cell n gnd params: gain=1.0 lrec=1.2499999999999998 rrec=94999.99999999999 vrec=-0.7
Bcubic gnd n I = {gain*1e-05}*((v(n,gnd)/1.0) - (v(n,gnd)/1.0)*(v(n,gnd)/1.0)*(v(n,gnd)/1.0)/3)
Cm n gnd 1.0000000000000001e-11
Lrec n r1 {lrec}
Rrec r1 r2 {rrec}
Vrec r2 gnd DC {vrec}
.ends fhn_cell
.model sky130_fd_pr__res_xhigh_po R (rsh=2000.0)
.subckt fhn_chip in0 in1 in2 in3 in4 in5 in6 in7 rail8 rail9 out42 out43 out44 out45 out46 out47 gnd
X10 n10 gnd fhn_cell params: gain=0.9749326050017761 lrec=1.2492089414078986 rrec=94775.23151659123 vrec=-0.6938168070283749
Ib10 gnd n10 DC 6.005883840867755e-06
X11 n11 gnd fhn_cell params: gain=1.0005076772534212 lrec=1.2416340319945587 rrec=94338.6490998881 vrec=-0.693427607112964
Ib11 gnd n11 DC 8.009765125837173e-06
X12 n12 gnd fhn_cell params: gain=1.003445741617531 lrec=1.2373923882249498 rrec=95323.40883664964 vrec=-0.6912738418530896
Ib12 gnd n12 DC 8.02293641304353e-06
X13 n13 gnd fhn_cell params: gain=1.0004752849213219 lrec=1.2374141736711002 rrec=94917.12082878564 vrec=-0.7038668970851135
Ib13 gnd n13 DC 5.629262840448482e-06
X14 n14 gnd fhn_cell params: gain=0.986265271395573 lrec=1.2487308563031918 rrec=95556.28272005041 vrec=-0.6912435440524959
Ib14 gnd n14 DC 8.422735499054163e-06
X15 n15 gnd fhn_cell params: gain=1.0068330832280963 lrec=1.258619133155422 rrec=94686.63174064571 vrec=-0.7006498012179198
Ib15 gnd n15 DC 9.454477683075413e-06
X16 n16 gnd fhn_cell params: gain=0.9889966850739804 lrec=1.2398597189922482 rrec=95434.04657921134 vrec=-0.6966353678060208
Ib16 gnd n16 DC 6.13958862136608e-06
X17 n17 gnd fhn_cell params: gain=1.0190068702812125 lrec=1.2737318128672581 rrec=95393.3162815429 vrec=-0.6894584842294198
Ib17 gnd n17 DC 6.108011944385262e-06
X18 n18 gnd fhn_cell params: gain=1.0016799617980474 lrec=1.2459793514850996 rrec=94788.1656312538 vrec=-0.69495616609916
Ib18 gnd n18 DC 8.369131043538506e-06
X19 n19 gnd fhn_cell params: gain=0.9993145029253796 lrec=1.2618044298947193 rrec=95149.6983225975 vrec=-0.7002515191171916
Ib19 gnd n19 DC 6.038299539889089e-06
X20 n20 gnd fhn_cell params: gain=0.9824175947362765 lrec=1.2547710369806098 rrec=95446.25812021854 vrec=-0.7000805372061263
Ib20 gnd n20 DC 6.691243148242386e-06
X21 n21 gnd fhn_cell params: gain=1.0038861711936864 lrec=1.2376039016656832 rrec=95240.20483339431 vrec=-0.7015195292761035
Ib21 gnd n21 DC 9.100307626963682e-06
X22 n22 gnd fhn_cell params: gain=0.997611221652137 lrec=1.252976491497539 rrec=95413.47397511163 vrec=-0.7100945102986383
Ib22 gnd n22 DC 6.480188047846741e-06
X23 n23 gnd fhn_cell params: gain=0.9915578677855543 lrec=1.2657252970247936 rrec=95096.26273498456 vrec=-0.6973651459240723
Ib23 gnd n23 DC 6.512842460704182e-06
X24 n24 gnd fhn_cell params: gain=0.9972323124951661 lrec=1.2557748149610453 rrec=95378.49436629667 vrec=-0.7012594911790503
Ib24 gnd n24 DC 5.982471866709807e-06
X25 n25 gnd fhn_cell params: gain=0.99572024632847 lrec=1.2442152089862268 rrec=95004.56802113248 vrec=-0.7118881752457026
Ib25 gnd n25 DC 8.471153020050367e-06
X26 n26 gnd fhn_cell params: gain=1.008004959605256 lrec=1.2374533990221943 rrec=95227.31431256703 vrec=-0.6941926206438745
Ib26 gnd n26 DC 6.23413906419758e-06
X27 n27 gnd fhn_cell params: gain=1.0093631070522928 lrec=1.2551646955034161 rrec=94822.61767161536 vrec=-0.6992381393800896
Ib27 gnd n27 DC 8.502439467416057e-06
X28 n28 gnd fhn_cell params: gain=0.9952814389209981 lrec=1.2575463454972065 rrec=95235.12095063968 vrec=-0.7082871038751981
Ib28 gnd n28 DC 8.561707215543833e-06
X29 n29 gnd fhn_cell params: gain=1.0055678057124031 lrec=1.2228465382718732 rrec=95498.02809412131 vrec=-0.7043153292559227
Ib29 gnd n29 DC 8.837662649956168e-06
X30 n30 gnd fhn_cell params: gain=1.0003226820851474 lrec=1.2496742199864577 rrec=95585.27057477845 vrec=-0.6907904151942134
Ib30 gnd n30 DC 8.581337222078139e-06
X31 n31 gnd fhn_cell params: gain=1.0035027026172898 lrec=1.2577563045419056 rrec=94400.92363253387 vrec=-0.7098382295281367
Ib31 gnd n31 DC 6.011818427962161e-06
X32 n32 gnd fhn_cell params: gain=0.9990090886903958 lrec=1.267287821864474 rrec=94538.61507224906 vrec=-0.7003523701509283
Ib32 gnd n32 DC 6.0884156912046545e-06
X33 n33 gnd fhn_cell params: gain=0.9858734979808202 lrec=1.2597013503601402 rrec=95021.8830558349 vrec=-0.7173131917446246
Ib33 gnd n33 DC 8.401015256438285e-06
X34 n34 gnd fhn_cell params: gain=1.005159344405285 lrec=1.2544532607341297 rrec=95447.59688447663 vrec=-0.6980321191946216
Ib34 gnd n34 DC 9.425417260016268e-06
X35 n35 gnd fhn_cell params: gain=1.0053889419078301 lrec=1.2665254278518747 rrec=95194.72677056877 vrec=-0.6949312560684595
Ib35 gnd n35 DC 8.514230492352848e-06
X36 n36 gnd fhn_cell params: gain=0.9957186791483267 lrec=1.2447775197078608 rrec=94794.61184905545 vrec=-0.7099392801690918
Ib36 gnd n36 DC 8.901837734218822e-06
X37 n37 gnd fhn_cell params: gain=0.9962331515610477 lrec=1.226226403729895 rrec=95057.57173795122 vrec=-0.7066754917764124
Ib37 gnd n37 DC 5.786435361812765e-06
X38 n38 gnd fhn_cell params: gain=0.9971437014525266 lrec=1.241923608787618 rrec=94272.60941957355 vrec=-0.7020991545816451
Ib38 gnd n38 DC 6.4345948789486435e-06
X39 n39 gnd fhn_cell params: gain=0.9928680324058933 lrec=1.248838580502259 rrec=94879.06177387982 vrec=-0.7151323759273286
Ib39 gnd n39 DC 8.02093026884529e-06
X40 n40 gnd fhn_cell params: gain=1.006013973098908 lrec=1.2722850390340177 rrec=94769.75989361387 vrec=-0.6946456303616914
Ib40 gnd n40 DC 7.771937853699e-06
X41 n41 gnd fhn_cell params: gain=1.0070156023957417 lrec=1.2632617037313358 rrec=95533.9899076222 vrec=-0.7090307453014809
Ib41 gnd n41 DC 5.877253370772765e-06
X42 out42 gnd fhn_cell params: gain=1.0118098698821816 lrec=1.2485661245175284 rrec=94912.70862363862 vrec=-0.7006440946923208
Ib42 gnd out42 DC 7.05728322908007e-06
X43 out43 gnd fhn_cell params: gain=1.000715304399669 lrec=1.2496072634728919 rrec=94350.92532934604 vrec=-0.7049447987686325
Ib43 gnd out43 DC 7.667790086760152e-06
X44 out44 gnd fhn_cell params: gain=0.9916554717879295 lrec=1.250002459016086 rrec=94919.8447232315 vrec=-0.7045760418313005
Ib44 gnd out44 DC 8.922712489193234e-06
X45 out45 gnd fhn_cell params: gain=1.0072952109975803 lrec=1.2479621457856733 rrec=94734.67610102311 vrec=-0.6961687806862459
Ib45 gnd out45 DC 5.847427910542525e-06
X46 out46 gnd fhn_cell params: gain=0.9958616841039055 lrec=1.2519794658217063 rrec=95154.12405961222 vrec=-0.6951794437300428
Ib46 gnd out46 DC 6.246857763747408e-06
X47 out47 gnd fhn_cell params: gain=0.9981882790144978 lrec=1.2516213832195482 rrec=94383.56673034013 vrec=-0.6956291808511617
Ib47 gnd out47 DC 8.455608815546504e-06
R0 in0 n10 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R1 in0 n11 sky130_fd_pr__res_xhigh_po l=3.71024734982332e-05 w=3.5e-07
R2 in0 n12 sky130_fd_pr__res_xhigh_po l=7.87781350482315e-05 w=3.5e-07
R3 in0 n13 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R4 in0 n14 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R5 in0 n15 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R6 in0 n16 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R7 in0 n17 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R8 in0 n18 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R9 in0 n19 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R10 in0 n20 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R11 in0 n21 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R12 in0 n22 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R13 in0 n23 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R14 in0 n24 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R15 in0 n25 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R16 in0 n26 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R17 in0 n27 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R18 in0 n28 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R19 in0 n29 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R20 in0 n30 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R21 in0 n31 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R22 in0 n32 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R23 in0 n33 sky130_fd_pr__res_xhigh_po l=3.71024734982332e-05 w=3.5e-07
R24 in0 n34 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R25 in0 n35 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R26 in0 n36 sky130_fd_pr__res_xhigh_po l=3.096040438079191e-05 w=3.5e-07
R27 in0 n37 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R28 in0 n38 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R29 in0 n39 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R30 in0 n40 sky130_fd_pr__res_xhigh_po l=4.2757417102966834e-05 w=3.5e-07
R31 in0 n41 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R32 in1 n10 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R33 in1 n11 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R34 in1 n12 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R35 in1 n13 sky130_fd_pr__res_xhigh_po l=5.542986425339366e-05 w=3.5e-07
R36 in1 n14 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R37 in1 n15 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R38 in1 n16 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R39 in1 n17 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R40 in1 n18 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R41 in1 n19 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R42 in1 n20 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R43 in1 n21 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R44 in1 n22 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R45 in1 n23 sky130_fd_pr__res_xhigh_po l=3.276861346411056e-05 w=3.5e-07
R46 in1 n24 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R47 in1 n25 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R48 in1 n26 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R49 in1 n27 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R50 in1 n28 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R51 in1 n29 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R52 in1 n30 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R53 in1 n31 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R54 in1 n32 sky130_fd_pr__res_xhigh_po l=4.6284634760705294e-05 w=3.5e-07
R55 in1 n33 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R56 in1 n34 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R57 in1 n35 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R58 in1 n36 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R59 in1 n37 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R60 in1 n38 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R61 in1 n39 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R62 in1 n40 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R63 in1 n41 sky130_fd_pr__res_xhigh_po l=4.6284634760705294e-05 w=3.5e-07
R64 in2 n10 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R65 in2 n11 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R66 in2 n12 sky130_fd_pr__res_xhigh_po l=7.87781350482315e-05 w=3.5e-07
R67 in2 n13 sky130_fd_pr__res_xhigh_po l=3.71024734982332e-05 w=3.5e-07
R68 in2 n14 sky130_fd_pr__res_xhigh_po l=5.0446122168840065e-05 w=3.5e-07
R69 in2 n15 sky130_fd_pr__res_xhigh_po l=4.6284634760705294e-05 w=3.5e-07
R70 in2 n16 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R71 in2 n17 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R72 in2 n18 sky130_fd_pr__res_xhigh_po l=4.6284634760705294e-05 w=3.5e-07
R73 in2 n19 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R74 in2 n20 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R75 in2 n21 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R76 in2 n22 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R77 in2 n23 sky130_fd_pr__res_xhigh_po l=2.4265434136678767e-05 w=3.5e-07
R78 in2 n24 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R79 in2 n25 sky130_fd_pr__res_xhigh_po l=6.15062761506276e-05 w=3.5e-07
R80 in2 n26 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R81 in2 n27 sky130_fd_pr__res_xhigh_po l=3.9729729729729726e-05 w=3.5e-07
R82 in2 n28 sky130_fd_pr__res_xhigh_po l=5.0446122168840065e-05 w=3.5e-07
R83 in2 n29 sky130_fd_pr__res_xhigh_po l=3.276861346411056e-05 w=3.5e-07
R84 in2 n30 sky130_fd_pr__res_xhigh_po l=0.00010953800298062593 w=3.5e-07
R85 in2 n31 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R86 in2 n32 sky130_fd_pr__res_xhigh_po l=3.276861346411056e-05 w=3.5e-07
R87 in2 n33 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R88 in2 n34 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R89 in2 n35 sky130_fd_pr__res_xhigh_po l=9.164588528678303e-05 w=3.5e-07
R90 in2 n36 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R91 in2 n37 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R92 in2 n38 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R93 in2 n39 sky130_fd_pr__res_xhigh_po l=2.7883156297420326e-05 w=3.5e-07
R94 in2 n40 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R95 in2 n41 sky130_fd_pr__res_xhigh_po l=4.6284634760705294e-05 w=3.5e-07
R96 in3 n10 sky130_fd_pr__res_xhigh_po l=3.71024734982332e-05 w=3.5e-07
R97 in3 n11 sky130_fd_pr__res_xhigh_po l=3.096040438079191e-05 w=3.5e-07
R98 in3 n12 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R99 in3 n13 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R100 in3 n14 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R101 in3 n15 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R102 in3 n16 sky130_fd_pr__res_xhigh_po l=3.096040438079191e-05 w=3.5e-07
R103 in3 n17 sky130_fd_pr__res_xhigh_po l=5.542986425339366e-05 w=3.5e-07
R104 in3 n18 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R105 in3 n19 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R106 in3 n20 sky130_fd_pr__res_xhigh_po l=3.71024734982332e-05 w=3.5e-07
R107 in3 n21 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R108 in3 n22 sky130_fd_pr__res_xhigh_po l=5.542986425339366e-05 w=3.5e-07
R109 in3 n23 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R110 in3 n24 sky130_fd_pr__res_xhigh_po l=6.15062761506276e-05 w=3.5e-07
R111 in3 n25 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R112 in3 n26 sky130_fd_pr__res_xhigh_po l=3.480113636363635e-05 w=3.5e-07
R113 in3 n27 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R114 in3 n28 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R115 in3 n29 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R116 in3 n30 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R117 in3 n31 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R118 in3 n32 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R119 in3 n33 sky130_fd_pr__res_xhigh_po l=9.164588528678303e-05 w=3.5e-07
R120 in3 n34 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R121 in3 n35 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R122 in3 n36 sky130_fd_pr__res_xhigh_po l=4.6284634760705294e-05 w=3.5e-07
R123 in3 n37 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R124 in3 n38 sky130_fd_pr__res_xhigh_po l=4.2757417102966834e-05 w=3.5e-07
R125 in3 n39 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R126 in3 n40 sky130_fd_pr__res_xhigh_po l=2.7883156297420326e-05 w=3.5e-07
R127 in3 n41 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R128 in4 n10 sky130_fd_pr__res_xhigh_po l=1.6442953020134224e-05 w=3.5e-07
R129 in4 n11 sky130_fd_pr__res_xhigh_po l=4.6284634760705294e-05 w=3.5e-07
R130 in4 n12 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R131 in4 n13 sky130_fd_pr__res_xhigh_po l=9.164588528678303e-05 w=3.5e-07
R132 in4 n14 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R133 in4 n15 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R134 in4 n16 sky130_fd_pr__res_xhigh_po l=1.7466730038022813e-05 w=3.5e-07
R135 in4 n17 sky130_fd_pr__res_xhigh_po l=1.6442953020134224e-05 w=3.5e-07
R136 in4 n18 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R137 in4 n19 sky130_fd_pr__res_xhigh_po l=2.1478667445938043e-05 w=3.5e-07
R138 in4 n20 sky130_fd_pr__res_xhigh_po l=1.5532544378698223e-05 w=3.5e-07
R139 in4 n21 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R140 in4 n22 sky130_fd_pr__res_xhigh_po l=1.9951140065146577e-05 w=3.5e-07
R141 in4 n23 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R142 in4 n24 sky130_fd_pr__res_xhigh_po l=1.5532544378698223e-05 w=3.5e-07
R143 in4 n25 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R144 in4 n26 sky130_fd_pr__res_xhigh_po l=1.8027961736571005e-05 w=3.5e-07
R145 in4 n27 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R146 in4 n28 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R147 in4 n29 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R148 in4 n30 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R149 in4 n31 sky130_fd_pr__res_xhigh_po l=1.5114127082048116e-05 w=3.5e-07
R150 in4 n32 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R151 in4 n33 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R152 in4 n34 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R153 in4 n35 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R154 in4 n36 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R155 in4 n37 sky130_fd_pr__res_xhigh_po l=1.7466730038022813e-05 w=3.5e-07
R156 in4 n38 sky130_fd_pr__res_xhigh_po l=1.332004349401957e-05 w=3.5e-07
R157 in4 n39 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R158 in4 n40 sky130_fd_pr__res_xhigh_po l=1.862645717181956e-05 w=3.5e-07
R159 in4 n41 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R160 in5 n10 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R161 in5 n11 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R162 in5 n12 sky130_fd_pr__res_xhigh_po l=6.907894736842103e-05 w=3.5e-07
R163 in5 n13 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R164 in5 n14 sky130_fd_pr__res_xhigh_po l=1.8027961736571005e-05 w=3.5e-07
R165 in5 n15 sky130_fd_pr__res_xhigh_po l=2.5362318840579703e-05 w=3.5e-07
R166 in5 n16 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R167 in5 n17 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R168 in5 n18 sky130_fd_pr__res_xhigh_po l=1.862645717181956e-05 w=3.5e-07
R169 in5 n19 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R170 in5 n20 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R171 in5 n21 sky130_fd_pr__res_xhigh_po l=1.9951140065146577e-05 w=3.5e-07
R172 in5 n22 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R173 in5 n23 sky130_fd_pr__res_xhigh_po l=1.862645717181956e-05 w=3.5e-07
R174 in5 n24 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R175 in5 n25 sky130_fd_pr__res_xhigh_po l=1.4717661193432118e-05 w=3.5e-07
R176 in5 n26 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R177 in5 n27 sky130_fd_pr__res_xhigh_po l=1.5114127082048116e-05 w=3.5e-07
R178 in5 n28 sky130_fd_pr__res_xhigh_po l=2.233363719234275e-05 w=3.5e-07
R179 in5 n29 sky130_fd_pr__res_xhigh_po l=1.364395767588639e-05 w=3.5e-07
R180 in5 n30 sky130_fd_pr__res_xhigh_po l=1.8027961736571005e-05 w=3.5e-07
R181 in5 n31 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R182 in5 n32 sky130_fd_pr__res_xhigh_po l=9.164588528678303e-05 w=3.5e-07
R183 in5 n33 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R184 in5 n34 sky130_fd_pr__res_xhigh_po l=3.480113636363635e-05 w=3.5e-07
R185 in5 n35 sky130_fd_pr__res_xhigh_po l=2.233363719234275e-05 w=3.5e-07
R186 in5 n36 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R187 in5 n37 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R188 in5 n38 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R189 in5 n39 sky130_fd_pr__res_xhigh_po l=1.69393869555197e-05 w=3.5e-07
R190 in5 n40 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R191 in5 n41 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R192 in6 n10 sky130_fd_pr__res_xhigh_po l=1.332004349401957e-05 w=3.5e-07
R193 in6 n11 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R194 in6 n12 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R195 in6 n13 sky130_fd_pr__res_xhigh_po l=2.3259493670886073e-05 w=3.5e-07
R196 in6 n14 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R197 in6 n15 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R198 in6 n16 sky130_fd_pr__res_xhigh_po l=1.2716262975778545e-05 w=3.5e-07
R199 in6 n17 sky130_fd_pr__res_xhigh_po l=1.2434444256470985e-05 w=3.5e-07
R200 in6 n18 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R201 in6 n19 sky130_fd_pr__res_xhigh_po l=1.597478808954575e-05 w=3.5e-07
R202 in6 n20 sky130_fd_pr__res_xhigh_po l=1.364395767588639e-05 w=3.5e-07
R203 in6 n21 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R204 in6 n22 sky130_fd_pr__res_xhigh_po l=1.5532544378698223e-05 w=3.5e-07
R205 in6 n23 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R206 in6 n24 sky130_fd_pr__res_xhigh_po l=1.2164846077457794e-05 w=3.5e-07
R207 in6 n25 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R208 in6 n26 sky130_fd_pr__res_xhigh_po l=1.4341463414634144e-05 w=3.5e-07
R209 in6 n27 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R210 in6 n28 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R211 in6 n29 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R212 in6 n30 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R213 in6 n31 sky130_fd_pr__res_xhigh_po l=1.1906690426048921e-05 w=3.5e-07
R214 in6 n32 sky130_fd_pr__res_xhigh_po l=3.9729729729729726e-05 w=3.5e-07
R215 in6 n33 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R216 in6 n34 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R217 in6 n35 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R218 in6 n36 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R219 in6 n37 sky130_fd_pr__res_xhigh_po l=1.2164846077457794e-05 w=3.5e-07
R220 in6 n38 sky130_fd_pr__res_xhigh_po l=1.1421911421911422e-05 w=3.5e-07
R221 in6 n39 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R222 in6 n40 sky130_fd_pr__res_xhigh_po l=2.5362318840579703e-05 w=3.5e-07
R223 in6 n41 sky130_fd_pr__res_xhigh_po l=3.276861346411056e-05 w=3.5e-07
R224 in7 n10 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R225 in7 n11 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R226 in7 n12 sky130_fd_pr__res_xhigh_po l=3.096040438079191e-05 w=3.5e-07
R227 in7 n13 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R228 in7 n14 sky130_fd_pr__res_xhigh_po l=1.4717661193432118e-05 w=3.5e-07
R229 in7 n15 sky130_fd_pr__res_xhigh_po l=1.69393869555197e-05 w=3.5e-07
R230 in7 n16 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R231 in7 n17 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R232 in7 n18 sky130_fd_pr__res_xhigh_po l=1.69393869555197e-05 w=3.5e-07
R233 in7 n19 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R234 in7 n20 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R235 in7 n21 sky130_fd_pr__res_xhigh_po l=1.332004349401957e-05 w=3.5e-07
R236 in7 n22 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R237 in7 n23 sky130_fd_pr__res_xhigh_po l=2.233363719234275e-05 w=3.5e-07
R238 in7 n24 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R239 in7 n25 sky130_fd_pr__res_xhigh_po l=1.1421911421911422e-05 w=3.5e-07
R240 in7 n26 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R241 in7 n27 sky130_fd_pr__res_xhigh_po l=1.3011152416356876e-05 w=3.5e-07
R242 in7 n28 sky130_fd_pr__res_xhigh_po l=1.4717661193432118e-05 w=3.5e-07
R243 in7 n29 sky130_fd_pr__res_xhigh_po l=1.2164846077457794e-05 w=3.5e-07
R244 in7 n30 sky130_fd_pr__res_xhigh_po l=1.364395767588639e-05 w=3.5e-07
R245 in7 n31 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R246 in7 n32 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R247 in7 n33 sky130_fd_pr__res_xhigh_po l=2.6563064691001077e-05 w=3.5e-07
R248 in7 n34 sky130_fd_pr__res_xhigh_po l=2.1478667445938043e-05 w=3.5e-07
R249 in7 n35 sky130_fd_pr__res_xhigh_po l=1.4341463414634144e-05 w=3.5e-07
R250 in7 n36 sky130_fd_pr__res_xhigh_po l=3.480113636363635e-05 w=3.5e-07
R251 in7 n37 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R252 in7 n38 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R253 in7 n39 sky130_fd_pr__res_xhigh_po l=1.4717661193432118e-05 w=3.5e-07
R254 in7 n40 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R255 in7 n41 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R256 rail8 n10 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R257 rail8 n11 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R258 rail8 n12 sky130_fd_pr__res_xhigh_po l=6.15062761506276e-05 w=3.5e-07
R259 rail8 n13 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R260 rail8 n14 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R261 rail8 n15 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R262 rail8 n16 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R263 rail8 n17 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R264 rail8 n18 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R265 rail8 n19 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R266 rail8 n20 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R267 rail8 n21 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R268 rail8 n22 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R269 rail8 n23 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R270 rail8 n24 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R271 rail8 n25 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R272 rail8 n26 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R273 rail8 n27 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R274 rail8 n28 sky130_fd_pr__res_xhigh_po l=9.164588528678303e-05 w=3.5e-07
R275 rail8 n29 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R276 rail8 n30 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R277 rail8 n31 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R278 rail8 n32 sky130_fd_pr__res_xhigh_po l=0.00010953800298062593 w=3.5e-07
R279 rail8 n33 sky130_fd_pr__res_xhigh_po l=4.6284634760705294e-05 w=3.5e-07
R280 rail8 n34 sky130_fd_pr__res_xhigh_po l=6.15062761506276e-05 w=3.5e-07
R281 rail8 n35 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R282 rail8 n36 sky130_fd_pr__res_xhigh_po l=4.2757417102966834e-05 w=3.5e-07
R283 rail8 n37 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R284 rail8 n38 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R285 rail8 n39 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R286 rail8 n40 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R287 rail8 n41 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R288 rail8 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R289 rail8 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R290 rail8 out44 sky130_fd_pr__res_xhigh_po l=6.15062761506276e-05 w=3.5e-07
R291 rail8 out45 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R292 rail8 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R293 rail8 out47 sky130_fd_pr__res_xhigh_po l=7.87781350482315e-05 w=3.5e-07
R294 rail9 n10 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R295 rail9 n11 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R296 rail9 n12 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R297 rail9 n13 sky130_fd_pr__res_xhigh_po l=9.164588528678303e-05 w=3.5e-07
R298 rail9 n14 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R299 rail9 n15 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R300 rail9 n16 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R301 rail9 n17 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R302 rail9 n18 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R303 rail9 n19 sky130_fd_pr__res_xhigh_po l=7.87781350482315e-05 w=3.5e-07
R304 rail9 n20 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R305 rail9 n21 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R306 rail9 n22 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R307 rail9 n23 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R308 rail9 n24 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R309 rail9 n25 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R310 rail9 n26 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R311 rail9 n27 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R312 rail9 n28 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R313 rail9 n29 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R314 rail9 n30 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R315 rail9 n31 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R316 rail9 n32 sky130_fd_pr__res_xhigh_po l=7.87781350482315e-05 w=3.5e-07
R317 rail9 n33 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R318 rail9 n34 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R319 rail9 n35 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R320 rail9 n36 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R321 rail9 n37 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R322 rail9 n38 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R323 rail9 n39 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R324 rail9 n40 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R325 rail9 n41 sky130_fd_pr__res_xhigh_po l=4.2757417102966834e-05 w=3.5e-07
R326 rail9 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R327 rail9 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R328 rail9 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R329 rail9 out45 sky130_fd_pr__res_xhigh_po l=5.0446122168840065e-05 w=3.5e-07
R330 rail9 out46 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R331 rail9 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R332 n10 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R333 n10 out43 sky130_fd_pr__res_xhigh_po l=1.5532544378698223e-05 w=3.5e-07
R334 n10 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R335 n10 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R336 n10 out46 sky130_fd_pr__res_xhigh_po l=2.5362318840579703e-05 w=3.5e-07
R337 n10 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R338 n11 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R339 n11 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R340 n11 out44 sky130_fd_pr__res_xhigh_po l=6.15062761506276e-05 w=3.5e-07
R341 n11 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R342 n11 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R343 n11 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R344 n12 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R345 n12 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R346 n12 out44 sky130_fd_pr__res_xhigh_po l=6.907894736842103e-05 w=3.5e-07
R347 n12 out45 sky130_fd_pr__res_xhigh_po l=0.00017970660146699263 w=3.5e-07
R348 n12 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R349 n12 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R350 n13 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R351 n13 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R352 n13 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R353 n13 out45 sky130_fd_pr__res_xhigh_po l=2.4265434136678767e-05 w=3.5e-07
R354 n13 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R355 n13 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R356 n14 out42 sky130_fd_pr__res_xhigh_po l=1.8027961736571005e-05 w=3.5e-07
R357 n14 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R358 n14 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R359 n14 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R360 n14 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R361 n14 out47 sky130_fd_pr__res_xhigh_po l=1.9266055045871552e-05 w=3.5e-07
R362 n15 out42 sky130_fd_pr__res_xhigh_po l=3.276861346411056e-05 w=3.5e-07
R363 n15 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R364 n15 out44 sky130_fd_pr__res_xhigh_po l=9.164588528678303e-05 w=3.5e-07
R365 n15 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R366 n15 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R367 n15 out47 sky130_fd_pr__res_xhigh_po l=4.2757417102966834e-05 w=3.5e-07
R368 n16 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R369 n16 out43 sky130_fd_pr__res_xhigh_po l=1.597478808954575e-05 w=3.5e-07
R370 n16 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R371 n16 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R372 n16 out46 sky130_fd_pr__res_xhigh_po l=2.233363719234275e-05 w=3.5e-07
R373 n16 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R374 n17 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R375 n17 out43 sky130_fd_pr__res_xhigh_po l=1.9266055045871552e-05 w=3.5e-07
R376 n17 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R377 n17 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R378 n17 out46 sky130_fd_pr__res_xhigh_po l=1.6442953020134224e-05 w=3.5e-07
R379 n17 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R380 n18 out42 sky130_fd_pr__res_xhigh_po l=1.69393869555197e-05 w=3.5e-07
R381 n18 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R382 n18 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R383 n18 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R384 n18 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R385 n18 out47 sky130_fd_pr__res_xhigh_po l=2.4265434136678767e-05 w=3.5e-07
R386 n19 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R387 n19 out43 sky130_fd_pr__res_xhigh_po l=5.542986425339366e-05 w=3.5e-07
R388 n19 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R389 n19 out45 sky130_fd_pr__res_xhigh_po l=9.164588528678303e-05 w=3.5e-07
R390 n19 out46 sky130_fd_pr__res_xhigh_po l=2.6563064691001077e-05 w=3.5e-07
R391 n19 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R392 n20 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R393 n20 out43 sky130_fd_pr__res_xhigh_po l=2.9341317365269456e-05 w=3.5e-07
R394 n20 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R395 n20 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R396 n20 out46 sky130_fd_pr__res_xhigh_po l=2.5362318840579703e-05 w=3.5e-07
R397 n20 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R398 n21 out42 sky130_fd_pr__res_xhigh_po l=3.276861346411056e-05 w=3.5e-07
R399 n21 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R400 n21 out44 sky130_fd_pr__res_xhigh_po l=6.15062761506276e-05 w=3.5e-07
R401 n21 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R402 n21 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R403 n21 out47 sky130_fd_pr__res_xhigh_po l=2.7883156297420326e-05 w=3.5e-07
R404 n22 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R405 n22 out43 sky130_fd_pr__res_xhigh_po l=2.3259493670886073e-05 w=3.5e-07
R406 n22 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R407 n22 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R408 n22 out46 sky130_fd_pr__res_xhigh_po l=2.233363719234275e-05 w=3.5e-07
R409 n22 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R410 n23 out42 sky130_fd_pr__res_xhigh_po l=2.7883156297420326e-05 w=3.5e-07
R411 n23 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R412 n23 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R413 n23 out45 sky130_fd_pr__res_xhigh_po l=6.15062761506276e-05 w=3.5e-07
R414 n23 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R415 n23 out47 sky130_fd_pr__res_xhigh_po l=0.00010953800298062593 w=3.5e-07
R416 n24 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R417 n24 out43 sky130_fd_pr__res_xhigh_po l=1.862645717181956e-05 w=3.5e-07
R418 n24 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R419 n24 out45 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R420 n24 out46 sky130_fd_pr__res_xhigh_po l=2.7883156297420326e-05 w=3.5e-07
R421 n24 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R422 n25 out42 sky130_fd_pr__res_xhigh_po l=2.1478667445938043e-05 w=3.5e-07
R423 n25 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R424 n25 out44 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R425 n25 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R426 n25 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R427 n25 out47 sky130_fd_pr__res_xhigh_po l=2.4265434136678767e-05 w=3.5e-07
R428 n26 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R429 n26 out43 sky130_fd_pr__res_xhigh_po l=2.0686743596960314e-05 w=3.5e-07
R430 n26 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R431 n26 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R432 n26 out46 sky130_fd_pr__res_xhigh_po l=2.233363719234275e-05 w=3.5e-07
R433 n26 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R434 n27 out42 sky130_fd_pr__res_xhigh_po l=1.69393869555197e-05 w=3.5e-07
R435 n27 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R436 n27 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R437 n27 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R438 n27 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R439 n27 out47 sky130_fd_pr__res_xhigh_po l=2.6563064691001077e-05 w=3.5e-07
R440 n28 out42 sky130_fd_pr__res_xhigh_po l=5.0446122168840065e-05 w=3.5e-07
R441 n28 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R442 n28 out44 sky130_fd_pr__res_xhigh_po l=0.00010953800298062593 w=3.5e-07
R443 n28 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R444 n28 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R445 n28 out47 sky130_fd_pr__res_xhigh_po l=3.096040438079191e-05 w=3.5e-07
R446 n29 out42 sky130_fd_pr__res_xhigh_po l=1.4717661193432118e-05 w=3.5e-07
R447 n29 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R448 n29 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R449 n29 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R450 n29 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R451 n29 out47 sky130_fd_pr__res_xhigh_po l=2.6563064691001077e-05 w=3.5e-07
R452 n30 out42 sky130_fd_pr__res_xhigh_po l=2.5362318840579703e-05 w=3.5e-07
R453 n30 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R454 n30 out44 sky130_fd_pr__res_xhigh_po l=7.87781350482315e-05 w=3.5e-07
R455 n30 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R456 n30 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R457 n30 out47 sky130_fd_pr__res_xhigh_po l=2.5362318840579703e-05 w=3.5e-07
R458 n31 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R459 n31 out43 sky130_fd_pr__res_xhigh_po l=1.862645717181956e-05 w=3.5e-07
R460 n31 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R461 n31 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R462 n31 out46 sky130_fd_pr__res_xhigh_po l=1.69393869555197e-05 w=3.5e-07
R463 n31 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R464 n32 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R465 n32 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R466 n32 out44 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R467 n32 out45 sky130_fd_pr__res_xhigh_po l=4.6284634760705294e-05 w=3.5e-07
R468 n32 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R469 n32 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R470 n33 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R471 n33 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R472 n33 out44 sky130_fd_pr__res_xhigh_po l=2.4265434136678767e-05 w=3.5e-07
R473 n33 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R474 n33 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R475 n33 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R476 n34 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R477 n34 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R478 n34 out44 sky130_fd_pr__res_xhigh_po l=4.2757417102966834e-05 w=3.5e-07
R479 n34 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R480 n34 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R481 n34 out47 sky130_fd_pr__res_xhigh_po l=7.87781350482315e-05 w=3.5e-07
R482 n35 out42 sky130_fd_pr__res_xhigh_po l=2.4265434136678767e-05 w=3.5e-07
R483 n35 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R484 n35 out44 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R485 n35 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R486 n35 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R487 n35 out47 sky130_fd_pr__res_xhigh_po l=2.0686743596960314e-05 w=3.5e-07
R488 n36 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R489 n36 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R490 n36 out44 sky130_fd_pr__res_xhigh_po l=3.9729729729729726e-05 w=3.5e-07
R491 n36 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R492 n36 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R493 n36 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R494 n37 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R495 n37 out43 sky130_fd_pr__res_xhigh_po l=2.6563064691001077e-05 w=3.5e-07
R496 n37 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R497 n37 out45 sky130_fd_pr__res_xhigh_po l=9.164588528678303e-05 w=3.5e-07
R498 n37 out46 sky130_fd_pr__res_xhigh_po l=2.233363719234275e-05 w=3.5e-07
R499 n37 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R500 n38 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R501 n38 out43 sky130_fd_pr__res_xhigh_po l=1.8027961736571005e-05 w=3.5e-07
R502 n38 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R503 n38 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R504 n38 out46 sky130_fd_pr__res_xhigh_po l=2.4265434136678767e-05 w=3.5e-07
R505 n38 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R506 n39 out42 sky130_fd_pr__res_xhigh_po l=2.233363719234275e-05 w=3.5e-07
R507 n39 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R508 n39 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R509 n39 out45 sky130_fd_pr__res_xhigh_po l=0.0002643884892086331 w=3.5e-07
R510 n39 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R511 n39 out47 sky130_fd_pr__res_xhigh_po l=2.7883156297420326e-05 w=3.5e-07
R512 n40 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R513 n40 out43 sky130_fd_pr__res_xhigh_po l=2.5362318840579703e-05 w=3.5e-07
R514 n40 out44 sky130_fd_pr__res_xhigh_po l=0.0001361111111111111 w=3.5e-07
R515 n40 out45 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R516 n40 out46 sky130_fd_pr__res_xhigh_po l=7.87781350482315e-05 w=3.5e-07
R517 n40 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R518 n41 out42 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R519 n41 out43 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R520 n41 out44 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R521 n41 out45 sky130_fd_pr__res_xhigh_po l=2.3259493670886073e-05 w=3.5e-07
R522 n41 out46 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
R523 n41 out47 sky130_fd_pr__res_xhigh_po l=0.0005 w=3.5e-07
.ends fhn_chip
