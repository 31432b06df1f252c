* fhn_hw testbench: 45 test vectors, one operating point each
* run with: ngspice -b <this file>
.include fhn_chip.sp
Vin0 in0 0 DC 0.0
Vin1 in1 0 DC 0.0
Vin2 in2 0 DC 0.0
Vin3 in3 0 DC 0.0
Vin4 in4 0 DC 0.0
Vin5 in5 0 DC 0.0
Vin6 in6 0 DC 0.0
Vin7 in7 0 DC 0.0
Vrail8 rail8 0 DC 1.0
Vrail9 rail9 0 DC -1.0
Xchip in0 in1 in2 in3 in4 in5 in6 in7 rail8 rail9 out42 out43 out44 out45 out46 out47 0 fhn_chip
.options reltol=1e-6 vntol=1e-12 abstol=1e-15
.control
set numdgt=15
alter Vin0 dc = 0.254412095333401
alter Vin1 dc = -0.254412095333401
alter Vin2 dc = 0.3953525275271347
alter Vin3 dc = -0.3953525275271347
alter Vin4 dc = 0.5125853892397872
alter Vin5 dc = -0.5125853892397872
alter Vin6 dc = 0.7867619111029592
alter Vin7 dc = -0.7867619111029592
op
echo fhn_hw vector 0
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.037217489928684074
alter Vin1 dc = 0.037217489928684074
alter Vin2 dc = -0.37747754622936563
alter Vin3 dc = 0.37747754622936563
alter Vin4 dc = 0.3735118340196898
alter Vin5 dc = -0.3735118340196898
alter Vin6 dc = 0.4586840689035521
alter Vin7 dc = -0.4586840689035521
op
echo fhn_hw vector 1
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.44549890929560326
alter Vin1 dc = 0.44549890929560326
alter Vin2 dc = 0.3953525275271347
alter Vin3 dc = -0.3953525275271347
alter Vin4 dc = -0.627817763565012
alter Vin5 dc = 0.627817763565012
alter Vin6 dc = -0.6567805945744322
alter Vin7 dc = 0.6567805945744322
op
echo fhn_hw vector 2
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.44549890929560326
alter Vin1 dc = 0.44549890929560326
alter Vin2 dc = 0.8369697125308492
alter Vin3 dc = -0.8369697125308492
alter Vin4 dc = -0.5165589193889341
alter Vin5 dc = 0.5165589193889341
alter Vin6 dc = -0.5255494576946692
alter Vin7 dc = 0.5255494576946692
op
echo fhn_hw vector 3
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.6626935147003201
alter Vin1 dc = -0.6626935147003201
alter Vin2 dc = 0.17454393502527765
alter Vin3 dc = -0.17454393502527765
alter Vin4 dc = 0.26225298984361195
alter Vin5 dc = -0.26225298984361195
alter Vin6 dc = 0.130606226704145
alter Vin7 dc = -0.130606226704145
op
echo fhn_hw vector 4
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.44549890929560326
alter Vin1 dc = 0.44549890929560326
alter Vin2 dc = 0.2849482312762059
alter Vin3 dc = -0.2849482312762059
alter Vin4 dc = -0.572188341476973
alter Vin5 dc = 0.572188341476973
alter Vin6 dc = -0.4599338892547878
alter Vin7 dc = 0.4599338892547878
op
echo fhn_hw vector 5
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.21219524108593502
alter Vin1 dc = 0.21219524108593502
alter Vin2 dc = -0.48788184248029437
alter Vin3 dc = 0.48788184248029437
alter Vin4 dc = 0.17880885671155353
alter Vin5 dc = -0.17880885671155353
alter Vin6 dc = -0.0006249101756178288
alter Vin7 dc = 0.0006249101756178288
op
echo fhn_hw vector 6
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.021108427123733245
alter Vin1 dc = -0.021108427123733245
alter Vin2 dc = -0.04626465747657985
alter Vin3 dc = 0.04626465747657985
alter Vin4 dc = 0.3735118340196898
alter Vin5 dc = -0.3735118340196898
alter Vin6 dc = 0.3930685004636708
alter Vin7 dc = -0.3930685004636708
op
echo fhn_hw vector 7
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.44549890929560326
alter Vin1 dc = 0.44549890929560326
alter Vin2 dc = 0.8369697125308492
alter Vin3 dc = -0.8369697125308492
alter Vin4 dc = -0.6000030525209925
alter Vin5 dc = 0.6000030525209925
alter Vin6 dc = -0.6567805945744322
alter Vin7 dc = 0.6567805945744322
op
echo fhn_hw vector 8
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.09554340698110088
alter Vin1 dc = 0.09554340698110088
alter Vin2 dc = -0.26707324997843734
alter Vin3 dc = 0.26707324997843734
alter Vin4 dc = 0.20662356775557292
alter Vin5 dc = -0.20662356775557292
alter Vin6 dc = 0.06499065826426366
alter Vin7 dc = -0.06499065826426366
op
echo fhn_hw vector 9
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.44549890929560326
alter Vin1 dc = 0.44549890929560326
alter Vin2 dc = 0.7265654162799209
alter Vin3 dc = -0.7265654162799209
alter Vin4 dc = -0.627817763565012
alter Vin5 dc = 0.627817763565012
alter Vin6 dc = -0.5255494576946692
alter Vin7 dc = 0.5255494576946692
op
echo fhn_hw vector 10
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.3710639294382351
alter Vin1 dc = -0.3710639294382351
alter Vin2 dc = -0.04626465747657985
alter Vin3 dc = 0.04626465747657985
alter Vin4 dc = 0.40132654506370946
alter Vin5 dc = -0.40132654506370946
alter Vin6 dc = 0.5242996373434337
alter Vin7 dc = -0.5242996373434337
op
echo fhn_hw vector 11
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.7371284945576883
alter Vin1 dc = 0.7371284945576883
alter Vin2 dc = 0.17454393502527765
alter Vin3 dc = -0.17454393502527765
alter Vin4 dc = -0.6556324746090315
alter Vin5 dc = 0.6556324746090315
alter Vin6 dc = -0.6567805945744322
alter Vin7 dc = 0.6567805945744322
op
echo fhn_hw vector 12
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.254412095333401
alter Vin1 dc = -0.254412095333401
alter Vin2 dc = -0.37747754622936563
alter Vin3 dc = 0.37747754622936563
alter Vin4 dc = 0.317882411931651
alter Vin5 dc = -0.317882411931651
alter Vin6 dc = 0.3930685004636708
alter Vin7 dc = -0.3930685004636708
op
echo fhn_hw vector 13
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.037217489928684074
alter Vin1 dc = 0.037217489928684074
alter Vin2 dc = -0.37747754622936563
alter Vin3 dc = 0.37747754622936563
alter Vin4 dc = 0.09536472357949484
alter Vin5 dc = -0.09536472357949484
alter Vin6 dc = -0.13185604705538065
alter Vin7 dc = 0.13185604705538065
op
echo fhn_hw vector 14
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.13776026122856685
alter Vin1 dc = -0.13776026122856685
alter Vin2 dc = -0.48788184248029437
alter Vin3 dc = 0.48788184248029437
alter Vin4 dc = 0.5125853892397872
alter Vin5 dc = -0.5125853892397872
alter Vin6 dc = 0.130606226704145
alter Vin7 dc = -0.130606226704145
op
echo fhn_hw vector 15
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.19608617828098418
alter Vin1 dc = -0.19608617828098418
alter Vin2 dc = -0.9294990274840089
alter Vin3 dc = 0.9294990274840089
alter Vin4 dc = 0.20662356775557292
alter Vin5 dc = -0.20662356775557292
alter Vin6 dc = 0.1962217951440265
alter Vin7 dc = -0.1962217951440265
op
echo fhn_hw vector 16
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.4877157635430692
alter Vin1 dc = -0.4877157635430692
alter Vin2 dc = 0.0641396387743489
alter Vin3 dc = -0.0641396387743489
alter Vin4 dc = 0.17880885671155353
alter Vin5 dc = -0.17880885671155353
alter Vin6 dc = 0.130606226704145
alter Vin7 dc = -0.130606226704145
op
echo fhn_hw vector 17
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.3127380123858183
alter Vin1 dc = -0.3127380123858183
alter Vin2 dc = 0.17454393502527765
alter Vin3 dc = -0.17454393502527765
alter Vin4 dc = 0.20662356775557292
alter Vin5 dc = -0.20662356775557292
alter Vin6 dc = 0.1962217951440265
alter Vin7 dc = -0.1962217951440265
op
echo fhn_hw vector 18
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.44549890929560326
alter Vin1 dc = 0.44549890929560326
alter Vin2 dc = 0.5057568237780634
alter Vin3 dc = -0.5057568237780634
alter Vin4 dc = -0.6556324746090315
alter Vin5 dc = 0.6556324746090315
alter Vin6 dc = -0.6567805945744322
alter Vin7 dc = 0.6567805945744322
op
echo fhn_hw vector 19
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.3710639294382351
alter Vin1 dc = -0.3710639294382351
alter Vin2 dc = -0.26707324997843734
alter Vin3 dc = 0.26707324997843734
alter Vin4 dc = 0.23443827879959234
alter Vin5 dc = -0.23443827879959234
alter Vin6 dc = 0.1962217951440265
alter Vin7 dc = -0.1962217951440265
op
echo fhn_hw vector 20
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.254412095333401
alter Vin1 dc = -0.254412095333401
alter Vin2 dc = -0.1566689537275086
alter Vin3 dc = 0.1566689537275086
alter Vin4 dc = 0.5125853892397872
alter Vin5 dc = -0.5125853892397872
alter Vin6 dc = 0.3930685004636708
alter Vin7 dc = -0.3930685004636708
op
echo fhn_hw vector 21
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.6204766604528542
alter Vin1 dc = 0.6204766604528542
alter Vin2 dc = 0.3953525275271347
alter Vin3 dc = -0.3953525275271347
alter Vin4 dc = -0.5165589193889341
alter Vin5 dc = 0.5165589193889341
alter Vin6 dc = -0.6567805945744322
alter Vin7 dc = 0.6567805945744322
op
echo fhn_hw vector 22
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.21219524108593502
alter Vin1 dc = 0.21219524108593502
alter Vin2 dc = -0.7086904349821519
alter Vin3 dc = 0.7086904349821519
alter Vin4 dc = -0.015894120596583006
alter Vin5 dc = 0.015894120596583006
alter Vin6 dc = -0.13185604705538065
alter Vin7 dc = 0.13185604705538065
op
echo fhn_hw vector 23
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.7793453488051543
alter Vin1 dc = -0.7793453488051543
alter Vin2 dc = -0.04626465747657985
alter Vin3 dc = 0.04626465747657985
alter Vin4 dc = 0.5682148113278264
alter Vin5 dc = -0.5682148113278264
alter Vin6 dc = 0.26183736358390797
alter Vin7 dc = -0.26183736358390797
op
echo fhn_hw vector 24
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.721019431752737
alter Vin1 dc = -0.721019431752737
alter Vin2 dc = -0.04626465747657985
alter Vin3 dc = 0.04626465747657985
alter Vin4 dc = 0.596029522371846
alter Vin5 dc = -0.596029522371846
alter Vin6 dc = 0.5899152057833151
alter Vin7 dc = -0.5899152057833151
op
echo fhn_hw vector 25
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.09554340698110088
alter Vin1 dc = 0.09554340698110088
alter Vin2 dc = -0.5982861387312232
alter Vin3 dc = 0.5982861387312232
alter Vin4 dc = 0.3456971229756704
alter Vin5 dc = -0.3456971229756704
alter Vin6 dc = 0.5242996373434337
alter Vin7 dc = -0.5242996373434337
op
echo fhn_hw vector 26
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.254412095333401
alter Vin1 dc = -0.254412095333401
alter Vin2 dc = 0.2849482312762059
alter Vin3 dc = -0.2849482312762059
alter Vin4 dc = 0.6238442334158654
alter Vin5 dc = -0.6238442334158654
alter Vin6 dc = 0.8523774795428408
alter Vin7 dc = -0.8523774795428408
op
echo fhn_hw vector 27
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.21219524108593502
alter Vin1 dc = 0.21219524108593502
alter Vin2 dc = -0.5982861387312232
alter Vin3 dc = 0.5982861387312232
alter Vin4 dc = 0.06755001253547543
alter Vin5 dc = -0.06755001253547543
alter Vin6 dc = 0.06499065826426366
alter Vin7 dc = -0.06499065826426366
op
echo fhn_hw vector 28
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.3710639294382351
alter Vin1 dc = -0.3710639294382351
alter Vin2 dc = 0.17454393502527765
alter Vin3 dc = -0.17454393502527765
alter Vin4 dc = 0.3735118340196898
alter Vin5 dc = -0.3735118340196898
alter Vin6 dc = 0.5242996373434337
alter Vin7 dc = -0.5242996373434337
op
echo fhn_hw vector 29
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.09554340698110088
alter Vin1 dc = 0.09554340698110088
alter Vin2 dc = -0.26707324997843734
alter Vin3 dc = 0.26707324997843734
alter Vin4 dc = 0.09536472357949484
alter Vin5 dc = -0.09536472357949484
alter Vin6 dc = 0.06499065826426366
alter Vin7 dc = -0.06499065826426366
op
echo fhn_hw vector 30
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.44549890929560326
alter Vin1 dc = 0.44549890929560326
alter Vin2 dc = 0.8369697125308492
alter Vin3 dc = -0.8369697125308492
alter Vin4 dc = -0.627817763565012
alter Vin5 dc = 0.627817763565012
alter Vin6 dc = -0.5911650261345506
alter Vin7 dc = 0.5911650261345506
op
echo fhn_hw vector 31
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.7371284945576883
alter Vin1 dc = 0.7371284945576883
alter Vin2 dc = 0.3953525275271347
alter Vin3 dc = -0.3953525275271347
alter Vin4 dc = -0.6556324746090315
alter Vin5 dc = 0.6556324746090315
alter Vin6 dc = -0.5911650261345506
alter Vin7 dc = 0.5911650261345506
op
echo fhn_hw vector 32
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.1538693240335182
alter Vin1 dc = 0.1538693240335182
alter Vin2 dc = -0.04626465747657985
alter Vin3 dc = 0.04626465747657985
alter Vin4 dc = 0.09536472357949484
alter Vin5 dc = -0.09536472357949484
alter Vin6 dc = 0.06499065826426366
alter Vin7 dc = -0.06499065826426366
op
echo fhn_hw vector 33
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.4877157635430692
alter Vin1 dc = -0.4877157635430692
alter Vin2 dc = 0.0641396387743489
alter Vin3 dc = -0.0641396387743489
alter Vin4 dc = 0.26225298984361195
alter Vin5 dc = -0.26225298984361195
alter Vin6 dc = 0.1962217951440265
alter Vin7 dc = -0.1962217951440265
op
echo fhn_hw vector 34
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.1538693240335182
alter Vin1 dc = 0.1538693240335182
alter Vin2 dc = -0.26707324997843734
alter Vin3 dc = 0.26707324997843734
alter Vin4 dc = 0.317882411931651
alter Vin5 dc = -0.317882411931651
alter Vin6 dc = 0.5242996373434337
alter Vin7 dc = -0.5242996373434337
op
echo fhn_hw vector 35
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.07943434417615004
alter Vin1 dc = -0.07943434417615004
alter Vin2 dc = 0.3953525275271347
alter Vin3 dc = -0.3953525275271347
alter Vin4 dc = 0.20662356775557292
alter Vin5 dc = -0.20662356775557292
alter Vin6 dc = 0.26183736358390797
alter Vin7 dc = -0.26183736358390797
op
echo fhn_hw vector 36
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.5621507434004368
alter Vin1 dc = 0.5621507434004368
alter Vin2 dc = 0.6161611200289921
alter Vin3 dc = -0.6161611200289921
alter Vin4 dc = -0.6556324746090315
alter Vin5 dc = 0.6556324746090315
alter Vin6 dc = -0.7223961630143134
alter Vin7 dc = 0.7223961630143134
op
echo fhn_hw vector 37
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.5621507434004368
alter Vin1 dc = 0.5621507434004368
alter Vin2 dc = 0.0641396387743489
alter Vin3 dc = -0.0641396387743489
alter Vin4 dc = -0.627817763565012
alter Vin5 dc = 0.627817763565012
alter Vin6 dc = -0.7223961630143134
alter Vin7 dc = 0.7223961630143134
op
echo fhn_hw vector 38
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.021108427123733245
alter Vin1 dc = -0.021108427123733245
alter Vin2 dc = -0.04626465747657985
alter Vin3 dc = 0.04626465747657985
alter Vin4 dc = 0.12317943462351448
alter Vin5 dc = -0.12317943462351448
alter Vin6 dc = 0.1962217951440265
alter Vin7 dc = -0.1962217951440265
op
echo fhn_hw vector 39
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.21219524108593502
alter Vin1 dc = 0.21219524108593502
alter Vin2 dc = 0.5057568237780634
alter Vin3 dc = -0.5057568237780634
alter Vin4 dc = -0.6834471856530511
alter Vin5 dc = 0.6834471856530511
alter Vin6 dc = -0.6567805945744322
alter Vin7 dc = 0.6567805945744322
op
echo fhn_hw vector 40
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.7793453488051543
alter Vin1 dc = -0.7793453488051543
alter Vin2 dc = 0.6161611200289921
alter Vin3 dc = -0.6161611200289921
alter Vin4 dc = 0.6516589444598848
alter Vin5 dc = -0.6516589444598848
alter Vin6 dc = 0.8523774795428408
alter Vin7 dc = -0.8523774795428408
op
echo fhn_hw vector 41
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.7371284945576883
alter Vin1 dc = 0.7371284945576883
alter Vin2 dc = 0.0641396387743489
alter Vin3 dc = -0.0641396387743489
alter Vin4 dc = -0.627817763565012
alter Vin5 dc = 0.627817763565012
alter Vin6 dc = -0.6567805945744322
alter Vin7 dc = 0.6567805945744322
op
echo fhn_hw vector 42
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = -0.6204766604528542
alter Vin1 dc = 0.6204766604528542
alter Vin2 dc = -0.04626465747657985
alter Vin3 dc = 0.04626465747657985
alter Vin4 dc = -0.6556324746090315
alter Vin5 dc = 0.6556324746090315
alter Vin6 dc = -0.7223961630143134
alter Vin7 dc = 0.7223961630143134
op
echo fhn_hw vector 43
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
alter Vin0 dc = 0.6043675976479034
alter Vin1 dc = -0.6043675976479034
alter Vin2 dc = 0.0641396387743489
alter Vin3 dc = -0.0641396387743489
alter Vin4 dc = 0.4569559671517485
alter Vin5 dc = -0.4569559671517485
alter Vin6 dc = 0.5899152057833151
alter Vin7 dc = -0.5899152057833151
op
echo fhn_hw vector 44
print v(out42) v(out43) v(out44) v(out45) v(out46) v(out47)
destroy all
quit
.endc
.end
