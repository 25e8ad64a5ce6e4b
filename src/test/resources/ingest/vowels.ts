# two channels, variable length
@problemName Tiny
@timeStamps false
@missing false
@univariate false
@dimensions 2
@equalLength false
@classLabel true a b
@data
1.0,2.0,3.0:10,20,30:a
4,5:40,50:b

0.5,1.5,2.5,3.5:5,15,25,35:a
